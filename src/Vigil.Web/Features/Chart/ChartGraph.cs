namespace Vigil.Web.Features.Chart;

/// <summary>A chart node: "c:" case, "p:" person, "t:" phone, "a:" address, "x:" place (area), "s:" linked series.</summary>
public sealed record ChartNode(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("href")] string? Href,
    [property: JsonPropertyName("hidden")] int Hidden = 0);

/// <summary>An edge with its role ("finder", "last-seen-with", "gave", "found in", "member").</summary>
public sealed record ChartEdge(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("label")] string Label);

public sealed record ChartData(
    [property: JsonPropertyName("nodes")] IReadOnlyList<ChartNode> Nodes,
    [property: JsonPropertyName("edges")] IReadOnlyList<ChartEdge> Edges,
    [property: JsonPropertyName("note")] string? Note);

/// <summary>Collects nodes and edges once each.</summary>
public sealed class ChartBuilder
{
    private readonly Dictionary<string, ChartNode> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChartEdge> edges = new(StringComparer.Ordinal);
    public List<string> Notes { get; } = [];

    public string Node(string kind, string id, string label, string? href, int hidden = 0)
    {
        var key = ChartKinds.Key(kind, id);
        if (!nodes.TryGetValue(key, out var existing) || existing.Hidden < hidden) nodes[key] = new ChartNode(key, kind, label, href, hidden);
        return key;
    }

    public void Edge(string source, string target, string label)
    {
        var id = $"{source}|{target}|{label}";
        edges.TryAdd(id, new ChartEdge(id, source, target, label));
    }

    public void Merge(ChartData other)
    {
        foreach (var n in other.Nodes) nodes.TryAdd(n.Id, n);
        foreach (var e in other.Edges) edges.TryAdd(e.Id, e);
        if (other.Note is not null) Notes.Add(other.Note);
    }

    public ChartData Build() => new([.. nodes.Values], [.. edges.Values], Notes.Count == 0 ? null : string.Join(" ", Notes.Distinct(StringComparer.Ordinal)));
}

public static class ChartKinds
{
    public const string Case = "case", Person = "person", Phone = "phone", Address = "address", Place = "place", Series = "series";

    public static string Key(string kind, string id) => kind switch
    {
        Case => "c", Person => "p", Phone => "t", Address => "a", Place => "x", Series => "s",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    } + ":" + id;
}
