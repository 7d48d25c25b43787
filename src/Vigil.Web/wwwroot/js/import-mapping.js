// The import mapping page: show only the reading options that apply to each column's field, and poll the
// import's progress while the import request runs. The page works without this script (every option shown,
// no progress bar), so nothing here is required to import.
(function () {
    "use strict";

    function showOptions(fieldset) {
        var select = fieldset.querySelector("select.field-select");
        var chosen = select.options[select.selectedIndex];
        var wanted = (chosen && chosen.getAttribute("data-opts") || "").split(" ");
        fieldset.querySelectorAll(".options > .field").forEach(function (field) {
            var kind = Array.prototype.find.call(field.classList, function (c) { return c.indexOf("opt-") === 0; });
            field.hidden = wanted.indexOf(kind ? kind.substring(4) : "") < 0;
        });
    }

    document.querySelectorAll("fieldset.column-choice").forEach(function (fieldset) {
        showOptions(fieldset);
        fieldset.querySelector("select.field-select").addEventListener("change", function () { showOptions(fieldset); });
    });

    var button = document.getElementById("import-button");
    var progress = document.getElementById("import-progress");
    var job = document.getElementById("job");
    if (!button || !progress || !job) return;
    var form = button.form;
    form.addEventListener("submit", function (event) {
        if (event.submitter !== button) return;
        progress.hidden = false;
        var bar = progress.querySelector("progress");
        var text = progress.querySelector("span");
        var url = window.location.pathname + "?handler=Progress&job=" + encodeURIComponent(job.value);
        window.setInterval(function () {
            fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
                .then(function (r) { return r.ok ? r.json() : null; })
                .then(function (p) {
                    if (!p || p.rows === 0) return;
                    bar.value = p.percent;
                    text.textContent = p.rows.toLocaleString() + " rows read: " + p.imported.toLocaleString() + " imported, " + p.rejected.toLocaleString() + " rejected";
                })
                .catch(function () { /* the next poll tries again */ });
        }, 1000);
    });
}());
