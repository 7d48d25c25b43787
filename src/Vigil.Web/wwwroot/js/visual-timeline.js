// The visual timeline (/timeline): vis-timeline, one lane per death. Times arrive as Europe/London wall-clock times
// marked "Z" and are shown as UTC, so the axis reads London time whatever the browser's own zone (ADR 0705).
(function () {
    var el = document.getElementById('visual-timeline');
    if (!el || !window.vis || !window.moment) return;
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
            // The title is what officers typed (an action's title, a name): an element made with textContent, as the lanes
            // are. A string the library's tooltip sets as HTML, and a typed link showed as a link (sec61, ADR 3311).
            var items = new vis.DataSet(data.items.map(function (i, n) {
                var title = document.createElement('span');
                title.textContent = i.when + ': ' + i.title;
                return { id: i.id, group: i.group, start: i.start, content: i.content, title: title, className: 'tl-' + i.kind + ' tl-n' + n, type: 'point' };
            }));
            var timeline = new vis.Timeline(el, items, lanes, {
                moment: function (date) { return moment(date).utc(); },
                stack: true, zoomKey: '', horizontalScroll: false, verticalScroll: true, maxHeight: 600, orientation: 'top',
                zoomMin: 1000 * 60 * 10, margin: { item: 6 }, tooltip: { followMouse: true },
            });
            window.vigilTimeline = timeline;
            // A point's label is drawn to the right of the point, so the view that just fits the events cuts the newest
            // labels at the right edge (round 29 walk-through). Until the reader moves the view, each time the timeline is
            // drawn (the lane names' column settles after the first draws, narrowing the panel) the view is widened on the
            // right just enough for every label; "Show everything" fits the events again and widens the same way.
            var readerMoved = false;
            var times = data.items.map(function (i) { return Date.parse(i.start); });
            function roomForLabels() {
                var panel = el.querySelector('.vis-panel.vis-center');
                var shown = timeline.getWindow();
                var start = shown.start.valueOf(), span = shown.end.valueOf() - start;
                if (!panel || !(span > 0)) return null;
                var edge = panel.getBoundingClientRect(), width = edge.right - edge.left, needed = span;
                el.querySelectorAll('.vis-item.vis-point').forEach(function (item) {
                    // The point's place is taken from its time, not from where it is drawn: the library fires 'changed'
                    // before it has moved its items to a new window, and a view widened from those stale places was widened
                    // again on the next pass, and again (walk31: after "Zoom out" twice and "Show everything" the 390 px
                    // series timeline showed the years 35455-45449, its lanes' labels printed over each other).
                    var n = /(?:^|\s)tl-n(\d+)(?:\s|$)/.exec(item.className), t = n ? times[+n[1]] - start : NaN;
                    var label = item.getBoundingClientRect().width;
                    // The point stays at its time: t ms after the start, it must leave label px (and a little) after it.
                    // A label nearly as wide as the panel would ask for a view hundreds of times wider: at most 3/4 of it.
                    if (t >= 0 && label + 16 < width * 0.75) needed = Math.max(needed, t * width / (width - label - 16));
                });
                return needed > span + 1 ? { start: new Date(start), end: new Date(start + needed) } : null;
            }
            function widenForLabels() {
                // The library draws in several passes: measure only once the points and their labels are laid out.
                var points = el.querySelectorAll('.vis-item.vis-point');
                if (readerMoved || !points.length || !(points[points.length - 1].getBoundingClientRect().width > 0)) return;
                var room = roomForLabels();
                if (room) timeline.setWindow(room.start, room.end, { animation: false });
                el.dataset.fitted = 'true';
            }
            timeline.on('changed', widenForLabels);
            timeline.on('rangechange', function (change) { if (change.byUser) readerMoved = true; });
            function zoom(f) {
                return function () {
                    readerMoved = f !== 0;
                    if (f === 0) timeline.fit({ animation: false }); else if (f > 0) timeline.zoomIn(0.5); else timeline.zoomOut(0.5);
                };
            }
            document.getElementById('tl-in').addEventListener('click', zoom(1));
            document.getElementById('tl-out').addEventListener('click', zoom(-1));
            document.getElementById('tl-fit').addEventListener('click', zoom(0));
            status.textContent = VigilWords.count(data.items.length, 'event', 'events') + ' in ' + VigilWords.count(data.lanes.length, 'death', 'deaths') + ', ' + data.zone + ' time.' +
                (data.hidden ? ' ' + VigilWords.count(data.hidden, 'further death is', 'further deaths are') + ' held by other teams and not shown.' : '');
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
