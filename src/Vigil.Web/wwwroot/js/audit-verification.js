// The audit verification page (ADR 3221): while a verification runs, moves its bar from the run's progress and
// reloads the page when it ends, to show the result. Without this script the page says to reload it.
(function () {
    "use strict";
    var running = document.getElementById("verification-running");
    if (!running) return;
    var bar = running.querySelector("progress");
    var count = document.getElementById("verification-count");
    var url = window.location.pathname + running.getAttribute("data-progress");
    var poll = window.setInterval(function () {
        fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (p) {
                if (!p) return;
                if (!p.running) { window.clearInterval(poll); window.location.reload(); return; }
                bar.value = p.total === 0 ? 100 : Math.floor(100 * Math.min(p.checked, p.total) / p.total);
                count.textContent = p.checked.toLocaleString("en-GB") + " of " + p.total.toLocaleString("en-GB") + " entries checked";
            })
            .catch(function () { /* the next poll tries again */ });
    }, 1000);
}());
