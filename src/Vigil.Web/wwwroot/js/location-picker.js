// The case form's place picker (issue 9.2, ADR 1433): a click on the map fills the latitude and longitude; typing them
// moves the marker. The deaths the officer may already see are drawn as grey dots (from /api/v1/map) so that, with no
// tile server on a closed network, a click still lands among known places. The form works without this script.
(function () {
    var box = document.getElementById('location-picker-box');
    var el = document.getElementById('location-picker');
    var lat = document.getElementById('Form_Latitude'), lon = document.getElementById('Form_Longitude');
    if (!box || !el || !lat || !lon || !window.L || !window.VigilMap) return;
    box.hidden = false;
    var status = document.getElementById('location-picker-status');
    var map = L.map(el, { maxZoom: 19, doubleClickZoom: false }).setView([51.51, -0.1], 10);
    var hasTiles = VigilMap.background(map, el);
    var marker = null;

    function number(text) {
        var v = (text || '').trim();
        return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : null;
    }
    function place(latlng) {
        if (marker) marker.setLatLng(latlng);
        else marker = L.marker(latlng, { keyboard: false, interactive: false, icon: L.divIcon({ className: 'picked-marker', iconSize: [18, 18] }) }).addTo(map);
    }
    // The marker follows what is typed, once both numbers are valid coordinates.
    function fromInputs() {
        var a = number(lat.value), o = number(lon.value);
        if (a === null || o === null || a < -90 || a > 90 || o < -180 || o > 180) return false;
        place([a, o]);
        status.textContent = '';
        if (!map.getBounds().contains([a, o])) map.panTo([a, o]);
        return true;
    }
    map.on('click', function (e) {
        var o = L.Util.wrapNum(e.latlng.lng, [-180, 180], true);
        lat.value = e.latlng.lat.toFixed(6);
        lon.value = o.toFixed(6);
        place([e.latlng.lat, o]);
        status.textContent = 'Placed at ' + lat.value + ', ' + lon.value + '.';
    });
    lat.addEventListener('input', fromInputs);
    lon.addEventListener('input', fromInputs);
    var typed = fromInputs();
    if (typed) map.setView(marker.getLatLng(), 15);

    fetch(el.dataset.src, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
        .then(function (data) {
            var bounds = [];
            data.points.forEach(function (p) {
                bounds.push([p.lat, p.lon]);
                L.circleMarker([p.lat, p.lon], { radius: 3, weight: 1, color: '#5b6670', fillColor: '#8a949c', fillOpacity: 0.7, interactive: false }).addTo(map);
            });
            if (!hasTiles) VigilMap.areaLabels(map, data.areas);
            if (!typed && bounds.length) map.fitBounds(L.latLngBounds(bounds).pad(0.1), { maxZoom: 15 });
            el.dataset.loaded = String(data.points.length);
        })
        .catch(function (e) { status.textContent = 'Recorded deaths could not be drawn (' + ((e && e.message) || String(e)) + '); the map can still be clicked.'; });
})();
