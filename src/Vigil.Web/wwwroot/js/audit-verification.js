// The audit verification page (ADR 3221): while a verification runs, moves its bar from the run's progress and
// reloads the page when it ends, to show the result. Without this script the page says to reload it.
(function () {
    "use strict";
    // The result a reviewer asked for takes focus when it is shown, so a screen reader reads it and the keyboard starts
    // from it; before, it came by a reload with focus on the page and nothing read out (walk63 finding 13).
    var asked = "vigil.audit-verification.asked";
    var button = document.getElementById("verify-button");
    if (button && button.form) button.form.addEventListener("submit", function () { window.sessionStorage.setItem(asked, "1"); });
    var running = document.getElementById("verification-running");
    var verdict = document.getElementById("verdict");
    if (!running && verdict && window.sessionStorage.getItem(asked)) {
        window.sessionStorage.removeItem(asked);
        verdict.setAttribute("tabindex", "-1");
        verdict.focus();
    }
    if (!running) return;
    var bar = running.querySelector("progress");
    var count = document.getElementById("verification-count");
    var url = window.location.pathname + running.getAttribute("data-progress");
    var poll = window.setInterval(function () {
        fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (p) {
                if (!p) return;
                if (!p.running) { window.clearInterval(poll); window.sessionStorage.setItem(asked, "1"); window.location.reload(); return; }
                bar.value = p.total === 0 ? 100 : Math.floor(100 * Math.min(p.checked, p.total) / p.total);
                count.textContent = p.checked.toLocaleString("en-GB") + " of " + p.total.toLocaleString("en-GB") + " entries checked";
            })
            .catch(function () { /* the next poll tries again */ });
    }, 1000);
}());
