// The case form's place picker (issue 9.2, ADR 1433, 1561): a click on the map, or the arrow keys and Enter, fill the
// latitude and longitude; typing them moves the marker. The deaths the officer may see inside the view are drawn as grey
// dots (from /api/v1/map/places) so that, with no tile server on a closed network, a click still lands among known
// places. The form works without this script.
(function () {
    var box = document.getElementById('location-picker-box');
    var el = document.getElementById('location-picker');
    var lat = document.getElementById('Form_Latitude'), lon = document.getElementById('Form_Longitude');
    if (!box || !el || !lat || !lon || !window.L || !window.VigilMap) return;
    box.hidden = false;
    var status = document.getElementById('location-picker-status');
    var map = L.map(el, { maxZoom: 19, doubleClickZoom: false, keyboard: false }).setView([51.51, -0.1], 10);
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
    // A click or Enter on the keyboard cursor fills the coordinates (which stay the record) and moves the marker.
    function pick(latlng) {
        var o = L.Util.wrapNum(latlng.lng, [-180, 180], true);
        lat.value = latlng.lat.toFixed(6);
        lon.value = o.toFixed(6);
        place([latlng.lat, o]);
        status.textContent = 'Placed at ' + lat.value + ', ' + lon.value + '.';
    }
    map.on('click', function (e) { pick(e.latlng); });
    lat.addEventListener('input', fromInputs);
    lon.addEventListener('input', fromInputs);
    var typed = fromInputs();
    if (typed) map.setView(marker.getLatLng(), 15);

    // The grey dots: only the deaths inside the view, newest first up to the server's cap (ADR 1561), reloaded when the
    // view settles. The first view with nothing typed fits the newest deaths anywhere.
    var dots = L.layerGroup().addTo(map), labels = L.layerGroup().addTo(map), request = 0, timer = null;
    function clamp(v, lo, hi) { return Math.max(lo, Math.min(hi, v)); }
    function load(fit) {
        var url = el.dataset.src, mine = ++request;
        if (!fit) {
            var b = map.getBounds();
            url += '?south=' + clamp(b.getSouth(), -90, 90).toFixed(5) + '&west=' + clamp(b.getWest(), -180, 180).toFixed(5) +
                '&north=' + clamp(b.getNorth(), -90, 90).toFixed(5) + '&east=' + clamp(b.getEast(), -180, 180).toFixed(5);
        }
        return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
            .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
            .then(function (data) {
                if (mine !== request) return;
                dots.clearLayers();
                labels.clearLayers();
                data.points.forEach(function (p) {
                    L.circleMarker(p, { radius: 3, weight: 1, color: '#5b6670', fillColor: '#8a949c', fillOpacity: 0.7, interactive: false }).addTo(dots);
                });
                if (!hasTiles) VigilMap.areaLabels(map, data.areas, labels);
                if (fit && data.points.length) map.fitBounds(L.latLngBounds(data.points).pad(0.1), { maxZoom: 15 });
                el.dataset.loaded = String(data.points.length);
                el.dataset.truncated = String(data.truncated);
            })
            .catch(function (e) { status.textContent = 'Recorded deaths could not be drawn (' + ((e && e.message) || String(e)) + '); the map can still be clicked.'; });
    }
    load(!typed).then(function () {
        map.on('moveend', function () { clearTimeout(timer); timer = setTimeout(function () { load(false); }, 250); });
    });

    // Keyboard placement: the map takes focus; arrow keys move a cursor (Shift: further), Enter or Space places the death
    // there, + and - zoom. The latitude and longitude fields above remain the plain accessible path.
    var cursor = null;
    function cursorAt(latlng) {
        if (cursor) cursor.setLatLng(latlng);
        else cursor = L.marker(latlng, { keyboard: false, interactive: false, icon: L.divIcon({ className: 'picker-cursor', iconSize: [22, 22] }) }).addTo(map);
    }
    function say(prefix, ll) { status.textContent = prefix + ' ' + ll.lat.toFixed(6) + ', ' + L.Util.wrapNum(ll.lng, [-180, 180], true).toFixed(6) + '.'; }
    el.addEventListener('focus', function () {
        cursorAt(marker ? marker.getLatLng() : map.getCenter());
        say('Cursor at', cursor.getLatLng());
    });
    el.addEventListener('blur', function () { if (cursor) { cursor.remove(); cursor = null; } });
    el.addEventListener('keydown', function (e) {
        var steps = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
        if (steps[e.key] && cursor) {
            var px = e.shiftKey ? 50 : 10, at = map.latLngToContainerPoint(cursor.getLatLng());
            var next = map.containerPointToLatLng(L.point(at.x + steps[e.key][0] * px, at.y + steps[e.key][1] * px));
            cursorAt(next);
            if (!map.getBounds().pad(-0.1).contains(next)) map.panTo(next);
            say('Cursor at', next);
        } else if ((e.key === 'Enter' || e.key === ' ') && cursor) {
            pick(cursor.getLatLng());
        } else if (e.key === '+' || e.key === '=') {
            map.zoomIn();
        } else if (e.key === '-') {
            map.zoomOut();
        } else return;
        e.preventDefault();
    });
})();
