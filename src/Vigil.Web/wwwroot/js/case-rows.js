// Rows of people, exhibits and substances on the case form, added and removed in place (issue 9.2, ADR 1432). Without
// this script the same buttons post the form back with a row more or less. Rows are renumbered after each change so
// that the names stay Form.People[0], [1], … without a gap (model binding stops at the first missing index).
(function () {
    function renumber(list) {
        list.querySelectorAll('[data-row]').forEach(function (row, i) {
            row.querySelectorAll('[name^="Form."]').forEach(function (el) { el.name = el.name.replace(/\[\d+\]/, '[' + i + ']'); });
            row.querySelectorAll('[id]').forEach(function (el) { el.id = el.id.replace(/-\d+$/, '-' + i); });
            row.querySelectorAll('label[for]').forEach(function (el) { el.htmlFor = el.htmlFor.replace(/-\d+$/, '-' + i); });
            row.querySelectorAll('[data-row-number]').forEach(function (el) { el.textContent = String(i + 1); });
            row.querySelectorAll('[data-remove-row]').forEach(function (el) { el.value = list.dataset.rows + ':' + i; });
        });
    }
    function clear(row) {
        row.querySelectorAll('input').forEach(function (el) { el.value = ''; });
        row.querySelectorAll('select').forEach(function (el) { el.selectedIndex = 0; });
        row.querySelectorAll('.field-error').forEach(function (el) { el.textContent = ''; });
    }
    document.querySelectorAll('[data-rows]').forEach(function (list) {
        var add = document.querySelector('[data-add-row="' + list.dataset.rows + '"]');
        if (!add) return;
        add.addEventListener('click', function (e) {
            e.preventDefault();
            var rows = list.querySelectorAll('[data-row]');
            var copy = rows[rows.length - 1].cloneNode(true);
            clear(copy);
            list.appendChild(copy);
            renumber(list);
            copy.querySelector('select, input').focus();
        });
        list.addEventListener('click', function (e) {
            var remove = e.target.closest('[data-remove-row]');
            if (!remove) return;
            e.preventDefault();
            var row = remove.closest('[data-row]');
            // The last row is emptied rather than removed: there is always one to type into.
            if (list.querySelectorAll('[data-row]').length === 1) clear(row); else row.remove();
            renumber(list);
            add.focus();
        });
    });
})();
