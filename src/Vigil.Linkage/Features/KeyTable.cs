namespace Vigil.Linkage.Features;

/// <summary>Interns strings to dense integers and counts how many indexed records carry each key,
/// which is what term-frequency adjustment needs.</summary>
public sealed class KeyTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<int> _counts = [];
    private readonly List<string> _names = [];

    /// <summary>The id of a key, adding it when new.</summary>
    public int Intern(string key)
    {
        if (_ids.TryGetValue(key, out var id)) return id;
        id = _counts.Count;
        _ids.Add(key, id);
        _counts.Add(0);
        _names.Add(key);
        return id;
    }

    /// <summary>The id of a key, or -1 when never seen.</summary>
    public int Find(string key) => _ids.TryGetValue(key, out var id) ? id : -1;

    /// <summary>Number of indexed records carrying the key.</summary>
    public int Count(int id) => id < 0 || id >= _counts.Count ? 0 : _counts[id];

    /// <summary>Counts one more record carrying the key.</summary>
    public void Increment(int id) => Add(id, 1);

    /// <summary>Changes the count of records carrying the key (-1 when one is removed).</summary>
    public void Add(int id, int change)
    {
        if (id >= 0) _counts[id] += change;
    }

    /// <summary>The key of an id, as interned.</summary>
    public string Name(int id) => _names[id];

    /// <summary>Number of distinct keys.</summary>
    public int Size => _counts.Count;
}
