// Progressive enhancement for every page; each form and panel works without it. No inline scripts (CSP).
(function () {
    'use strict';

    // The error summary of a refused form takes focus, so keyboard and screen-reader users hear what went wrong.
    function focusErrorSummary() {
        var summary = document.querySelector('[data-error-summary]');
        if (summary) { summary.focus(); summary.scrollIntoView({ block: 'start' }); }
    }

    // A summary's link focuses its field with the field's label in view, and leaves the address as it was (walk63): a
    // "#Form_Age" left in it was focused by the browser on the next refusal, ahead of that refusal's summary.
    function wireErrorSummaryLinks() {
        document.querySelectorAll('[data-error-summary] a[href^="#"]').forEach(function (link) {
            link.addEventListener('click', function (event) {
                var field = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
                if (!field) return;
                event.preventDefault();
                var label = field.id ? document.querySelector('label[for="' + field.id + '"]') : null;
                (label || field).scrollIntoView({ block: 'start' });
                field.focus({ preventScroll: true });
            });
        });
    }

    // What a post did takes focus when it did not refuse (ADR 3340): a status message already on the page when it loads
    // is not read out by screen readers, and Tab then goes on from the form that was used, not from the page's top.
    function focusFlash() {
        if (document.querySelector('[data-error-summary]')) return;
        var flash = document.querySelector('[data-flash]');
        if (flash) flash.focus();
    }

    // A link or redirect to an anchor inside a collapsed panel opens the panel.
    function openTarget() {
        if (!location.hash) return;
        var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
        for (var el = target; el; el = el.parentElement) {
            if (el.tagName === 'DETAILS' && !el.open) el.open = true;
            if (el.matches && el.matches('section[data-collapsible]')) setOpen(el, true);
        }
        if (target) target.scrollIntoView({ block: 'start' });
    }

    // "Copy" buttons (hidden until this script shows them): copy the text of the element they name.
    function wireCopyButtons() {
        document.querySelectorAll('button[data-copy]').forEach(function (button) {
            var source = document.getElementById(button.dataset.copy);
            if (!source || !navigator.clipboard) return;
            button.hidden = false;
            button.addEventListener('click', function () {
                navigator.clipboard.writeText(source.textContent.trim()).then(function () {
                    var status = document.getElementById(button.dataset.copy + '-status');
                    if (status) status.textContent = 'Copied.';
                });
            });
        });
    }

    // "Print" buttons: the browser's own print, with the page's print styles.
    function wirePrintButtons() {
        document.querySelectorAll('button[data-print]').forEach(function (button) {
            button.hidden = false;
            button.addEventListener('click', function () { window.print(); });
        });
    }

    // Collapsible sections of long pages (ADR 0657): the heading becomes a button. On a phone every section starts
    // closed except those needing attention and those marked opened (ADR 3102); on a wide screen only those marked collapsed do. A reader's own choice
    // for a section is remembered on this device.
    var narrow = window.matchMedia('(max-width: 600px)').matches;
    function remembered(id) { try { return localStorage.getItem('vigil.section.' + id); } catch (e) { return null; } }
    function remember(id, open) { try { localStorage.setItem('vigil.section.' + id, open ? 'open' : 'closed'); } catch (e) { /* private mode */ } }

    function setOpen(section, open) {
        var button = section.querySelector(':scope > h2 > button.section-toggle');
        var body = section.querySelector(':scope > .panel-body');
        if (!button || !body) return;
        button.setAttribute('aria-expanded', open ? 'true' : 'false');
        body.hidden = !open;
        section.classList.toggle('is-collapsed', !open);
    }

    function wireSections() {
        document.querySelectorAll('section[data-collapsible]').forEach(function (section) {
            var heading = section.querySelector(':scope > h2');
            var body = section.querySelector(':scope > .panel-body');
            if (!heading || !body) return;
            var button = document.createElement('button');
            button.type = 'button';
            button.className = 'section-toggle';
            button.setAttribute('aria-controls', body.id);
            while (heading.firstChild) button.appendChild(heading.firstChild);
            heading.appendChild(button);
            var state = section.dataset.collapsible;
            var open = state === 'attention' || state === 'opened' ? true : state === 'collapsed' ? false : !narrow;
            var mine = remembered(section.id);
            if (mine && state !== 'attention') open = mine === 'open';
            setOpen(section, open);
            button.addEventListener('click', function () {
                var nowOpen = button.getAttribute('aria-expanded') !== 'true';
                setOpen(section, nowOpen);
                remember(section.id, nowOpen);
            });
        });
        document.querySelectorAll('.section-menu-all').forEach(function (p) { p.hidden = false; });
        document.querySelectorAll('button[data-sections]').forEach(function (button) {
            button.addEventListener('click', function () {
                var open = button.dataset.sections === 'open';
                document.querySelectorAll('section[data-collapsible]').forEach(function (s) { setOpen(s, open); remember(s.id, open); });
            });
        });
        if (narrow) document.querySelectorAll('.section-menu-toggle, details[data-close-on-phone=true]').forEach(function (d) { d.open = false; });
    }

    document.addEventListener('DOMContentLoaded', function () {
        wireSections();
        wireCopyButtons();
        wirePrintButtons();
        openTarget();
        wireErrorSummaryLinks();
        focusErrorSummary();
        focusFlash();
    });
    // A redirect's "#section" is scrolled to after DOMContentLoaded, and Chromium then takes focus back to the page
    // (walk63: a refusal's summary and a post's message on the case page and the family file lost it): once loaded, the
    // summary or message is focused again.
    window.addEventListener('load', function () {
        window.setTimeout(function () {
            if (document.activeElement && document.activeElement !== document.body) return;
            focusErrorSummary();
            focusFlash();
        }, 0);
    });
    window.addEventListener('hashchange', openTarget);
})();
