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
    function areaLabels(map, areas) {
        areas.forEach(function (a) {
            var name = document.createElement('span');
            name.textContent = a.name;
            L.marker([a.lat, a.lon], { pane: 'overlayPane', interactive: false, keyboard: false, icon: L.divIcon({ className: 'area-label', html: name, iconSize: null }) })
                .addTo(map);
        });
    }
    return { background: background, areaLabels: areaLabels };
})();
