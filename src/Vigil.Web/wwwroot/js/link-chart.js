// The link chart (/chart): Cytoscape.js with its force-directed "cose" layout. Opened from a death, a person or a
// series (data-src), expanded one hop at a time (/api/v1/chart/expand), exported as PNG or GraphML from what is on
// screen (each export is recorded by POST /api/v1/chart/exports). No inline script: Content-Security-Policy.
(function () {
    var el = document.getElementById('link-chart');
    if (!el || !window.cytoscape) return;
    var status = document.getElementById('chart-status');
    var selected = document.getElementById('chart-selected');
    var list = document.getElementById('chart-nodes');
    var expanded = {};
    var colours = { case: '#b00020', person: '#0b3d91', phone: '#1d6b35', address: '#8a5a00', place: '#5a6470', series: '#6a1b9a' };
    var shapes = { case: 'round-rectangle', person: 'ellipse', phone: 'diamond', address: 'tag', place: 'hexagon', series: 'star' };

    var cy = cytoscape({
        container: el,
        wheelSensitivity: 0.3,
        // Large charts stay smooth: pan and zoom move a bitmap of the chart rather than redrawing every label.
        textureOnViewport: true,
        hideEdgesOnViewport: false,
        pixelRatio: 1,
        style: [
            { selector: 'node', style: {
                'label': 'data(display)', 'text-wrap': 'wrap', 'text-max-width': '140px', 'font-size': 10, 'text-valign': 'bottom', 'text-margin-y': 4,
                'background-color': function (n) { return colours[n.data('kind')] || '#333'; },
                'shape': function (n) { return shapes[n.data('kind')] || 'ellipse'; }, 'width': 22, 'height': 22, 'color': '#1b1f24' } },
            { selector: 'node[?seed]', style: { 'border-width': 4, 'border-color': '#ffbf47', 'width': 30, 'height': 30 } },
            { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#1b1f24' } },
            { selector: 'edge', style: { 'label': 'data(label)', 'font-size': 8, 'width': 1.5, 'line-color': '#8a949e', 'curve-style': 'bezier',
                'text-rotation': 'autorotate', 'text-background-color': '#fff', 'text-background-opacity': 0.8, 'color': '#333' } },
        ],
    });
    window.vigilChart = cy;

    function display(n) { return n.label + (n.hidden ? '\n(+' + n.hidden + ' not shown)' : ''); }

    function add(data) {
        var added = 0;
        data.nodes.forEach(function (n) {
            if (cy.getElementById(n.id).nonempty()) return;
            cy.add({ group: 'nodes', data: { id: n.id, kind: n.kind, label: n.label, href: n.href, hidden: n.hidden, display: display(n), seed: n.id === el.dataset.seed } });
            added++;
        });
        data.edges.forEach(function (e) {
            if (cy.getElementById(e.id).nonempty()) return;
            cy.add({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, label: e.label } });
        });
        return added;
    }

    // Fewer iterations as the chart grows: a 500-node chart is laid out in a fraction of the time, from where its
    // nodes already are (randomize: false), so an expansion does not scramble what the analyst has arranged.
    function layout() {
        var n = cy.nodes().length;
        cy.layout({ name: 'cose', animate: false, randomize: false, nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 70; },
            numIter: n > 200 ? 300 : 1500, fit: true, padding: 30 }).run();
    }
    window.addEventListener('resize', function () { cy.resize(); });

    function report(note) {
        status.textContent = cy.nodes().length + ' nodes, ' + cy.edges().length + ' links.' + (note ? ' ' + note : '');
        renderList();
    }

    function fetchJson(url) {
        return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(function (r) {
            if (!r.ok) throw new Error(r.status === 404 ? 'nothing you may see there' : 'HTTP ' + r.status);
            return r.json();
        });
    }

    function expand(id) {
        if (expanded[id]) { status.textContent = 'Already expanded.'; return; }
        status.textContent = 'Expanding…';
        fetchJson('/api/v1/chart/expand?node=' + encodeURIComponent(id)).then(function (data) {
            expanded[id] = true;
            var added = add(data);
            layout();
            report(VigilWords.count(added, 'new node', 'new nodes') + '.' + (data.note ? ' ' + data.note : ''));
        }).catch(function (e) { status.textContent = 'Could not expand: ' + e.message + '.'; });
    }

    function select(node) {
        cy.nodes().unselect();
        node.select();
        selected.textContent = '';
        var title = document.createElement('p');
        var strong = document.createElement('strong');
        strong.textContent = node.data('label').replace('\n', ' · ');
        title.appendChild(strong);
        title.appendChild(document.createTextNode(' (' + node.data('kind') + ')'));
        selected.appendChild(title);
        if (node.data('href')) {
            var open = document.createElement('a');
            open.href = node.data('href');
            open.className = 'button';
            open.textContent = 'Open';
            selected.appendChild(open);
        }
        var more = document.createElement('button');
        more.type = 'button';
        more.textContent = expanded[node.id()] ? 'Expanded' : 'Expand one hop';
        more.disabled = !!expanded[node.id()];
        more.addEventListener('click', function () { expand(node.id()); });
        selected.appendChild(more);
    }

    function renderList() {
        list.textContent = '';
        cy.nodes().sort(function (a, b) { return a.data('kind').localeCompare(b.data('kind')) || a.data('label').localeCompare(b.data('label')); }).forEach(function (n) {
            var li = document.createElement('li');
            var pick = document.createElement('button');
            pick.type = 'button';
            pick.className = 'link-like';
            pick.textContent = n.data('kind') + ': ' + n.data('label').replace('\n', ' · ');
            pick.addEventListener('click', function () { select(n); cy.animate({ center: { eles: n }, duration: 200 }); });
            li.appendChild(pick);
            list.appendChild(li);
        });
    }

    function download(name, href) {
        var a = document.createElement('a');
        a.href = href;
        a.download = name;
        document.body.appendChild(a);
        a.click();
        a.remove();
    }

    function recordExport(format) {
        fetch('/api/v1/chart/exports', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ format: format, seed: el.dataset.seed, nodes: cy.nodes().length, edges: cy.edges().length }) });
    }

    function xml(s) { return String(s == null ? '' : s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'); }

    function graphml() {
        var out = ['<?xml version="1.0" encoding="UTF-8"?>',
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
            '<key id="label" for="node" attr.name="label" attr.type="string"/>', '<key id="kind" for="node" attr.name="kind" attr.type="string"/>',
            '<key id="href" for="node" attr.name="href" attr.type="string"/>', '<key id="hidden" for="node" attr.name="hidden" attr.type="int"/>',
            '<key id="role" for="edge" attr.name="role" attr.type="string"/>', '<graph id="vigil" edgedefault="undirected">'];
        cy.nodes().forEach(function (n) {
            out.push('<node id="' + xml(n.id()) + '"><data key="label">' + xml(n.data('label')) + '</data><data key="kind">' + xml(n.data('kind')) +
                '</data><data key="href">' + xml(n.data('href')) + '</data><data key="hidden">' + (n.data('hidden') || 0) + '</data></node>');
        });
        cy.edges().forEach(function (e) {
            out.push('<edge id="' + xml(e.id()) + '" source="' + xml(e.data('source')) + '" target="' + xml(e.data('target')) + '"><data key="role">' + xml(e.data('label')) + '</data></edge>');
        });
        out.push('</graph>', '</graphml>');
        return out.join('\n');
    }

    cy.on('tap', 'node', function (evt) { select(evt.target); });
    cy.on('dbltap', 'node', function (evt) { expand(evt.target.id()); });
    document.getElementById('chart-fit').addEventListener('click', function () { cy.fit(undefined, 30); });
    document.getElementById('chart-layout').addEventListener('click', layout);
    document.getElementById('chart-png').addEventListener('click', function () {
        download('vigil-chart.png', cy.png({ full: true, scale: 2, bg: '#ffffff' }));
        recordExport('png');
    });
    document.getElementById('chart-graphml').addEventListener('click', function () {
        var url = URL.createObjectURL(new Blob([graphml()], { type: 'application/graphml+xml' }));
        download('vigil-chart.graphml', url);
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
        recordExport('graphml');
    });

    fetchJson(el.dataset.src).then(function (data) {
        expanded[el.dataset.seed] = true;
        add(data);
        layout();
        report(data.note);
        var seed = cy.getElementById(el.dataset.seed);
        if (seed.nonempty()) select(seed);
        el.dataset.loaded = 'true';
    }).catch(function (e) { status.textContent = 'The chart could not be loaded: ' + e.message + '.'; });
})();
