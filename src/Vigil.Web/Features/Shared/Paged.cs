namespace Vigil.Web.Features.Shared;

/// <summary>One page of a dashboard list, with the total so the page can say "page 2 of 7". Dashboard lists are work
/// queues read from the top, so offset paging over a stable order is enough (the case list, read deep into a million
/// rows, pages by keyset instead: ADR 0005).</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int Size, int Total) : IPage
{
    public const int DefaultSize = 100;
    public const int MaxSize = 500;

    /// <summary>How far a list counted only so far (<see cref="OfCountedToAsync"/>) is paged: to ten times its count's
    /// limit (10,000 rows at 1,000), and ten pages at least. A page is counted to its own end and found past an offset, each a read of every row
    /// before it: with no floor on depth, a page number typed into the address (<c>?page=4294966</c>) made one request
    /// read the whole list twice, the exact count ADR 1647 took away and the offset to its last page (ADR 3266).</summary>
    public const int PagedPastCountLimit = 10;

    /// <summary>True when the count stopped at <see cref="Total"/>: there are at least that many, maybe more
    /// (<see cref="OfCountedToAsync"/>).</summary>
    public bool TotalIsAtLeast { get; init; }

    /// <summary>True on the last page a counted list is paged to (<see cref="PagedPastCountLimit"/>) when rows follow it:
    /// no next page is offered.</summary>
    public bool AtDeepestPage { get; init; }

    public int Pages => Math.Max(1, (Total + Size - 1) / Size);
    public bool HasPrevious => Page > 1;
    public bool HasNext => Page < Pages && !AtDeepestPage;

    /// <summary>The requested page of an ordered query: the first when none is asked for, the last when one past it is.</summary>
    public static async Task<Paged<T>> OfAsync(IQueryable<T> ordered, int? page, int? size, CancellationToken ct)
    {
        var take = Math.Clamp(size ?? DefaultSize, 1, MaxSize);
        var total = await ordered.CountAsync(ct);
        var current = Math.Clamp(page ?? 1, 1, Math.Max(1, (total + take - 1) / take));
        return new Paged<T>(await PageOfAsync(ordered, total, current, take, ct), current, take, total);
    }

    /// <summary>The requested page of an ordered query whose total is counted only as far as it is needed: to the end of the
    /// page asked for, and at least to <paramref name="countStopsAt"/>, plus one to know whether more follow; no page
    /// deeper than <see cref="PagedPastCountLimit"/> times <paramref name="countStopsAt"/> is read. A list whose
    /// rows are a test of every case (a red flag) is found a page at a time from an index, but counting it all is a pass
    /// over every case: on a million deaths 8 s for a page of 100 (ADR 1647).</summary>
    public static Task<Paged<T>> OfCountedToAsync(IQueryable<T> ordered, int? page, int? size, int countStopsAt, CancellationToken ct) =>
        OfCountedToAsync(ordered, ordered, page, size, countStopsAt, ct);

    /// <summary>As above, counting <paramref name="counted"/>: the same rows as <paramref name="ordered"/> without an order
    /// that needs every row to be known before the first (the liaison dashboard puts the families needing attention first:
    /// counted in that order, the count stopping at 1,001 would still rank all 49,837 families of a million deaths).</summary>
    public static async Task<Paged<T>> OfCountedToAsync<TCounted>(IQueryable<T> ordered, IQueryable<TCounted> counted, int? page, int? size,
        int countStopsAt, CancellationToken ct)
    {
        var take = Math.Clamp(size ?? DefaultSize, 1, MaxSize);
        var deepest = (int)Math.Clamp((long)countStopsAt * PagedPastCountLimit / take, PagedPastCountLimit, int.MaxValue / MaxSize - 1);
        var asked = Math.Clamp(page ?? 1, 1, deepest);
        var reach = Math.Max(countStopsAt, asked * take) + 1;
        var total = await counted.Take(reach).CountAsync(ct);
        // A count that reached the reach is a floor: that many exist, so the pages run past the one asked for (Next shows,
        // but for the deepest page).
        var current = Math.Clamp(asked, 1, Math.Max(1, (total + take - 1) / take));
        return new Paged<T>(await PageOfAsync(ordered, total, current, take, ct), current, take, total)
            { TotalIsAtLeast = total == reach, AtDeepestPage = total == reach && current == deepest };
    }

    /// <summary>The rows of one page; none are asked for when the count found none (an empty red flag's list is a pass over
    /// every case: on a million deaths, a second 1–2 s for nothing).</summary>
    private static async Task<IReadOnlyList<T>> PageOfAsync(IQueryable<T> ordered, int total, int current, int take, CancellationToken ct) =>
        total == 0 ? [] : await ordered.Skip((current - 1) * take).Take(take).ToListAsync(ct);

    /// <summary>The same page with its items turned into something else (e.g. enriched in memory).</summary>
    public Paged<TOut> With<TOut>(IReadOnlyList<TOut> items) => new(items, Page, Size, Total) { TotalIsAtLeast = TotalIsAtLeast, AtDeepestPage = AtDeepestPage };
}

/// <summary>What the pager (_Pager.cshtml) and the API's Link header need of a page, whatever it holds.</summary>
public interface IPage
{
    int Page { get; }
    int Pages { get; }
    int Total { get; }

    /// <summary>True when <see cref="Total"/> is a floor: the count stopped there.</summary>
    bool TotalIsAtLeast { get; }

    /// <summary>True when rows follow this page but no later page is read (<see cref="Paged{T}.PagedPastCountLimit"/>).</summary>
    bool AtDeepestPage { get; }
    bool HasPrevious { get; }
    bool HasNext { get; }
}

public static class PageLinks
{
    /// <summary>The current request's URL with another page number, every other query parameter kept.</summary>
    public static string To(HttpRequest request, int page)
    {
        var query = request.Query.Where(q => !string.Equals(q.Key, "page", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)))
            .Append(KeyValuePair.Create("page", (string?)page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return request.Path + Microsoft.AspNetCore.Http.QueryString.Create(query);
    }

    /// <summary>RFC 8288 links to the neighbouring pages and the total, for API lists that return a bare array.</summary>
    public static void AddHeaders(HttpContext http, IPage page)
    {
        var links = new List<string>();
        if (page.HasPrevious) links.Add($"<{To(http.Request, page.Page - 1)}>; rel=\"prev\"");
        if (page.HasNext) links.Add($"<{To(http.Request, page.Page + 1)}>; rel=\"next\"");
        if (links.Count > 0) http.Response.Headers.Link = string.Join(", ", links);
        // The API's lists count exactly; a floor would be a wrong total, so none is sent.
        if (!page.TotalIsAtLeast) http.Response.Headers["X-Total-Count"] = page.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
