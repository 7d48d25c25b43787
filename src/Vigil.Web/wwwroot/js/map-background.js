// What a Vigil map is drawn over, shared by the map of deaths and the case form's place picker (ADR 0404, 1433):
// the force's tile server or PMTiles file when configured; offline, a plain grid with a scale, and area names
// (added once the deaths are loaded) so that a click still means somewhere.
window.VigilMap = (function () {
    function background(map, el) {
        var source = el.dataset.tiles, drawn = true;
        if (source === 'xyz' && el.dataset.tileUrl) {
            L.tileLayer(el.dataset.tileUrl, { maxZoom: 19, attribution: el.dataset.attribution || '' }).addTo(map);
        } else if (source === 'pmtiles' && window.protomapsL) {
            protomapsL.leafletLayer({ url: el.dataset.pmtiles, flavor: 'light', lang: 'en', attribution: el.dataset.attribution || '' }).addTo(map);
        } else {
            el.classList.add('no-tiles');
            drawn = false;
        }
        L.control.scale({ imperial: false }).addTo(map);
        return drawn;
    }
    // An area's deaths cluster around the very point its name is given at, so the name is drawn centred just below a
    // marker's 44 px target there, and in the overlay pane, beneath every marker: a cluster's count or a death is never
    // hidden by a name, and a name is only covered where deaths lie on it (the demo walk, round 50).
    // Names that would overlap one another are hidden, the area with more deaths kept (ADR 3225: on the new-case page the
    // first view fits a whole force, and London's boroughs' names were drawn over each other, unreadable). Zooming in
    // spreads the areas apart, so the names are weighed again after every zoom and more of them show.
    var drawnOn = new WeakMap(); // each map's names as last drawn, weighed again after a zoom
    function areaLabels(map, areas, layer) {
        var target = layer || map, shown = [];
        areas.slice().sort(function (a, b) { return (b.deaths || 0) - (a.deaths || 0) || (a.name < b.name ? -1 : 1); }).forEach(function (a) {
            var name = document.createElement('span');
            name.textContent = a.name;
            L.marker([a.lat, a.lon], { pane: 'overlayPane', interactive: false, keyboard: false, icon: L.divIcon({ className: 'area-label', html: name, iconSize: null }) })
                .addTo(target);
            shown.push(name);
        });
        declutter(shown);
        if (!drawnOn.has(map)) map.on('zoomend', function () { declutter(drawnOn.get(map)); });
        drawnOn.set(map, shown);
    }
    // Keeps each name, most deaths first, unless it overlaps one kept before it (2 px apart at least).
    function declutter(names) {
        var kept = [];
        names.forEach(function (name) {
            name.classList.remove('area-label-hidden');
            if (!name.isConnected) return;
            var r = name.getBoundingClientRect();
            var clash = kept.some(function (k) { return r.left < k.right + 2 && k.left < r.right + 2 && r.top < k.bottom + 2 && k.top < r.bottom + 2; });
            if (clash) name.classList.add('area-label-hidden'); else kept.push(r);
        });
    }
    return { background: background, areaLabels: areaLabels };
})();
