namespace Vigil.Linkage.Surveillance;

/// <summary>The deaths carrying one key (an area, a kind in a map cell, a substance in an area …) in time order,
/// so that "how many in this place between these dates" is two binary searches, whatever the size of the force.</summary>
internal sealed class TimeLine
{
    private readonly List<double> _days = [];
    private readonly List<int> _ids = [];

    public int Count => _days.Count;

    /// <summary>Adds a death; deaths mostly arrive in time order, so this is nearly always an append.</summary>
    public void Add(double days, int id)
    {
        var at = _days.Count;
        if (at > 0 && _days[at - 1] > days) at = UpperBound(days);
        _days.Insert(at, days);
        _ids.Insert(at, id);
    }

    /// <summary>Removes a death (an edited or deleted case).</summary>
    public void Remove(double days, int id)
    {
        for (var i = LowerBound(days); i < _days.Count && _days[i] <= days; i++)
        {
            if (_ids[i] != id) continue;
            _days.RemoveAt(i);
            _ids.RemoveAt(i);
            return;
        }
    }

    /// <summary>Deaths with from ≤ days &lt; to.</summary>
    public int CountBetween(double from, double to) => Math.Max(0, LowerBound(to) - LowerBound(from));

    /// <summary>Ids of deaths with from ≤ days &lt; to.</summary>
    public IEnumerable<int> IdsBetween(double from, double to)
    {
        for (int i = LowerBound(from), end = LowerBound(to); i < end; i++) yield return _ids[i];
    }

    private int LowerBound(double days)
    {
        int lo = 0, hi = _days.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_days[mid] < days) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private int UpperBound(double days)
    {
        int lo = 0, hi = _days.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_days[mid] <= days) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
