namespace Vigil.Linkage.Index;

/// <summary>Candidate series: deaths joined by links strong enough to treat them as one offender's — an analyst's
/// confirmation, or (in a replay with no analyst) the engine's own confident alerts. Union–find over index positions.</summary>
internal sealed class SeriesTracker
{
    private readonly List<int> _parent = [];
    private readonly Dictionary<int, List<int>> _members = [];

    public void Grow(int count)
    {
        while (_parent.Count < count) _parent.Add(_parent.Count);
    }

    /// <summary>The series (root position) a death belongs to.</summary>
    public int Root(int id)
    {
        Grow(id + 1);
        while (_parent[id] != id)
        {
            _parent[id] = _parent[_parent[id]];
            id = _parent[id];
        }
        return id;
    }

    /// <summary>True when the death is in a series of two or more (<see cref="Members"/> would return more than itself),
    /// answered without growing the parents or allocating: most candidates are in none (ADR 2521).</summary>
    public bool InSeries(int id) => _members.Count > 0 && id < _parent.Count && _members.TryGetValue(Root(id), out var m) && m.Count >= 2;

    /// <summary>Members of the death's series (the death alone when in none).</summary>
    public IReadOnlyList<int> Members(int id) => _members.TryGetValue(Root(id), out var m) ? m : [id];

    /// <summary>Puts two deaths in one series.</summary>
    public void Link(int a, int b)
    {
        var (ra, rb) = (Root(a), Root(b));
        if (ra == rb) return;
        var ma = _members.Remove(ra, out var x) ? x : [ra];
        var mb = _members.Remove(rb, out var y) ? y : [rb];
        if (ma.Count < mb.Count) (ra, rb, ma, mb) = (rb, ra, mb, ma);
        _parent[rb] = ra;
        ma.AddRange(mb);
        _members[ra] = ma;
    }
}
