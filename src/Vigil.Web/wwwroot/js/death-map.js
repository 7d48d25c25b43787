// The map of deaths (/map): deaths the user may see, clustered at low zoom; linked series drawn as connected
// markers; tiles from the force's server or a PMTiles file when configured, else a plain background with area names.
// Data comes from /api/v1/map (data-src); nothing inline (Content-Security-Policy).
(function () {
    var el = document.getElementById('death-map');
    if (!el || !window.L) return;
    var status = document.getElementById('map-status');
    var list = document.getElementById('map-list');
    // markercluster needs the map's maxZoom even when there is no tile layer to give one.
    var map = L.map(el, { attributionControl: true, preferCanvas: false, scrollWheelZoom: true, maxZoom: 19 });
    map.setView([51.51, -0.1], 10);
    var hasTiles = VigilMap.background(map, el);

    function text(tag, value, cls) {
        var node = document.createElement(tag);
        node.textContent = value;
        if (cls) node.className = cls;
        return node;
    }
    function popup(p) {
        var box = document.createElement('div');
        var link = text('a', p.reference + ' · ' + (p.name || 'name not recorded'));
        link.href = '/cases/' + p.id;
        box.appendChild(link);
        box.appendChild(text('div', 'Found ' + p.found + (p.area ? ', ' + p.area : '')));
        box.appendChild(text('div', p.classification + (p.setting ? ' · ' + p.setting : '')));
        return box;
    }
    // Every marker is a 44 × 44 px touch target (WCAG 2.5.5; walk31): the dot drawn in its middle stays small (site.css).
    var target = [44, 44];
    function icon(cls) { return L.divIcon({ className: 'death-marker ' + cls, iconSize: target }); }
    // A cluster is a button (Leaflet's keyboard markers): its name says what the number counts and what Enter does,
    // where a screen reader read a bare "12" (walk63).
    function clusterIcon(c) {
        var n = c.getChildCount();
        return L.divIcon({ html: '<div><span>' + n + '</span><span class="visually-hidden"> deaths here: press Enter to zoom in</span></div>', className: 'marker-cluster marker-cluster-' + (n < 10 ? 'small' : n < 100 ? 'medium' : 'large'), iconSize: target });
    }

    fetch(el.dataset.src, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
        .then(function (data) {
            var byId = {};
            data.points.forEach(function (p) { byId[p.id] = p; });
            // A series may hold deaths this map does not draw (another kind, outside the filter or the newest-N cap):
            // join only the members drawn, or one missing member would stop the whole map.
            data.series.forEach(function (s) { s.members = (s.members || []).filter(function (id) { return byId[id]; }); });
            var series = data.series.filter(function (s) { return s.members.length >= 2; });
            var inSeries = {};
            series.forEach(function (s) { s.members.forEach(function (id) { inSeries[id] = s; }); });
            var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50, iconCreateFunction: clusterIcon });
            var bounds = [];
            data.points.forEach(function (p) {
                bounds.push([p.lat, p.lon]);
                if (inSeries[p.id]) return;
                cluster.addLayer(L.marker([p.lat, p.lon], { icon: icon('c-' + p.classification), title: p.reference, alt: p.reference }).bindPopup(popup(p)));
            });
            map.addLayer(cluster);
            // Series stay out of the clusters: their members are joined in date order and numbered.
            series.forEach(function (s) {
                var line = s.members.map(function (id) { return [byId[id].lat, byId[id].lon]; });
                var seriesLink = document.createElement('a');
                seriesLink.href = '/series/' + s.id;
                seriesLink.textContent = 'Linked series ' + s.reference;
                L.polyline(line, { color: '#b00020', weight: 3, dashArray: '6 4' }).bindPopup(seriesLink).addTo(map);
                s.members.forEach(function (id, i) {
                    var p = byId[id];
                    var marker = L.marker([p.lat, p.lon], { icon: L.divIcon({ className: 'series-marker', html: '<span>' + (i + 1) + '</span>', iconSize: target }), title: s.reference + ' #' + (i + 1) + ' ' + p.reference, alt: p.reference });
                    var box = popup(p);
                    var more = document.createElement('div');
                    var a = document.createElement('a');
                    a.href = '/series/' + s.id;
                    a.textContent = 'Series ' + s.reference + ', death ' + (i + 1) + ' of ' + s.members.length;
                    more.appendChild(a);
                    box.appendChild(more);
                    marker.bindPopup(box).addTo(map);
                });
            });
            if (!hasTiles) VigilMap.areaLabels(map, data.areas);
            if (bounds.length) map.fitBounds(L.latLngBounds(bounds).pad(0.1), { maxZoom: 15 });
            status.textContent = VigilWords.count(data.points.length, 'death', 'deaths') + ' drawn' + (data.truncated ? ' (the newest ' + data.max + ' only: narrow the filters to see the rest)' : '') +
                (series.length ? '; ' + series.length + ' linked series joined in date order.' : '.');
            data.points.slice(0, 500).forEach(function (p) {
                var li = document.createElement('li');
                var a = text('a', p.reference + ' · ' + (p.name || 'name not recorded'));
                a.href = '/cases/' + p.id;
                li.appendChild(a);
                li.appendChild(text('span', ' found ' + p.found + (p.area ? ', ' + p.area : '') + (inSeries[p.id] ? ', series ' + inSeries[p.id].reference : ''), 'muted'));
                list.appendChild(li);
            });
            el.dataset.loaded = String(data.points.length);
        })
        .catch(function (e) { status.textContent = 'The map could not be loaded (' + ((e && e.message) || String(e)) + ').'; });
})();
