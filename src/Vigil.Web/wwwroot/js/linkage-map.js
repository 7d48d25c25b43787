// Both deaths on a Leaflet map with no tile layer: no tile server is reachable, so markers, the line between them
// and a scale bar are drawn over a plain background (the page's text gives the coordinates for screen readers).
(function () {
    var el = document.getElementById('compare-map');
    if (!el || !window.L) return;
    var points = JSON.parse(el.dataset.points);
    var map = L.map(el, { attributionControl: false, scrollWheelZoom: false });
    var latLngs = points.map(function (p) { return [p.lat, p.lon]; });
    L.polyline(latLngs, { color: '#5a6470', dashArray: '4 6' }).addTo(map);
    var colours = ['#b00020', '#0b3d91'];
    points.forEach(function (p, i) {
        L.circleMarker([p.lat, p.lon], { radius: 9, color: colours[i % 2], fillOpacity: 0.8 })
            .bindTooltip(p.label, { permanent: true, direction: i ? 'left' : 'right' }).addTo(map);
    });
    L.control.scale({ imperial: false }).addTo(map);
    map.fitBounds(L.latLngBounds(latLngs).pad(0.6), { maxZoom: 16 });
})();
