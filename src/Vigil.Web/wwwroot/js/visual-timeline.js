// The visual timeline (/timeline): vis-timeline, one lane per death. Times arrive as Europe/London wall-clock times
// marked "Z" and are shown as UTC, so the axis reads London time whatever the browser's own zone (ADR 0705).
(function () {
    var el = document.getElementById('visual-timeline');
    if (!el || !window.vis) return;
    var status = document.getElementById('tl-status');
    var list = document.getElementById('tl-list');
    fetch(el.dataset.src, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { if (!r.ok) throw new Error(r.status === 404 ? 'nothing you may see' : 'HTTP ' + r.status); return r.json(); })
        .then(function (data) {
            var lanes = new vis.DataSet(data.lanes.map(function (l) {
                var a = document.createElement('a');
                a.href = l.href;
                a.textContent = l.content;
                return { id: l.id, content: a };
            }));
            var items = new vis.DataSet(data.items.map(function (i) {
                return { id: i.id, group: i.group, start: i.start, content: i.content, title: i.when + ': ' + i.title, className: 'tl-' + i.kind, type: 'point' };
            }));
            var timeline = new vis.Timeline(el, items, lanes, {
                moment: function (date) { return vis.moment(date).utc(); },
                stack: true, zoomKey: '', horizontalScroll: false, verticalScroll: true, maxHeight: 600, orientation: 'top',
                zoomMin: 1000 * 60 * 10, margin: { item: 6 }, tooltip: { followMouse: true },
            });
            window.vigilTimeline = timeline;
            function zoom(f) { return function () { f === 0 ? timeline.fit() : f > 0 ? timeline.zoomIn(0.5) : timeline.zoomOut(0.5); }; }
            document.getElementById('tl-in').addEventListener('click', zoom(1));
            document.getElementById('tl-out').addEventListener('click', zoom(-1));
            document.getElementById('tl-fit').addEventListener('click', zoom(0));
            status.textContent = data.items.length + ' event(s) in ' + data.lanes.length + ' death(s), ' + data.zone + ' time.' +
                (data.hidden ? ' ' + data.hidden + ' further death(s) are held by other teams and not shown.' : '');
            var laneName = {};
            data.lanes.forEach(function (l) { laneName[l.id] = l.content; });
            data.items.slice().sort(function (a, b) { return a.start < b.start ? -1 : a.start > b.start ? 1 : 0; }).forEach(function (i) {
                var li = document.createElement('li');
                var when = document.createElement('strong');
                when.textContent = i.when + ' ';
                li.appendChild(when);
                li.appendChild(document.createTextNode(laneName[i.group] + ' — ' + i.content + ': ' + i.title));
                list.appendChild(li);
            });
            el.dataset.loaded = String(data.items.length);
        })
        .catch(function (e) { status.textContent = 'The timeline could not be loaded: ' + e.message + '.'; });
})();
