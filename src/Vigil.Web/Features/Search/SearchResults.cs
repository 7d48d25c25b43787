namespace Vigil.Web.Features.Search;

/// <summary>One thing found, with the page it opens.</summary>
public sealed record SearchHit(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("href")] string Href,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("found_at")] DateTime? FoundAt);

/// <summary>The hits of one kind: people, phones, addresses, cases, exhibits, narrative. <see cref="More"/>: more of
/// this kind match than are listed (a group lists at most <see cref="SearchService.PerGroup"/>).</summary>
public sealed record SearchGroup(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("heading")] string Heading,
    [property: JsonPropertyName("hits")] IReadOnlyList<SearchHit> Hits,
    [property: JsonPropertyName("more")] bool More = false);

public sealed record SearchResults(
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("groups")] IReadOnlyList<SearchGroup> Groups)
{
    /// <summary>The hits listed, not every match: see <see cref="More"/>.</summary>
    [JsonPropertyName("total")]
    public int Total => Groups.Sum(g => g.Hits.Count);

    /// <summary>Some group has more matches than it lists.</summary>
    [JsonPropertyName("more")]
    public bool More => Groups.Any(g => g.More);
}

public static class SearchGroups
{
    public static readonly IReadOnlyList<(string Kind, string Heading)> All =
    [
        ("people", "People"), ("phones", "Phones"), ("addresses", "Addresses"), ("cases", "Cases"), ("exhibits", "Exhibits"), ("narrative", "Narrative and notes"),
    ];
}
