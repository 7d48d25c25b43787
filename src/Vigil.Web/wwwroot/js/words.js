// A count with its noun in the right number ("1 death", "2 deaths"), as Plural.Count does on the server. Loaded before
// the map, timeline and chart scripts that write counts; no inline scripts (CSP).
window.VigilWords = {
    // Thousands grouped, as the server writes them ("3,198 deaths").
    count: function (n, one, many) { return n.toLocaleString('en-GB') + ' ' + (n === 1 ? one : many); }
};
