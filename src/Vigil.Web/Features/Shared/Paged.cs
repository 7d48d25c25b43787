namespace Vigil.Web.Features.Shared;

/// <summary>One page of a dashboard list, with the total so the page can say "page 2 of 7". Dashboard lists are work
/// queues read from the top, so offset paging over a stable order is enough (the case list, read deep into a million
/// rows, pages by keyset instead: ADR 0005).</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int Size, int Total) : IPage
{
    public const int DefaultSize = 100;
    public const int MaxSize = 500;

    public int Pages => Math.Max(1, (Total + Size - 1) / Size);
    public bool HasPrevious => Page > 1;
    public bool HasNext => Page < Pages;

    /// <summary>The requested page of an ordered query (page 1 when none or out of range is asked for).</summary>
    public static async Task<Paged<T>> OfAsync(IQueryable<T> ordered, int? page, int? size, CancellationToken ct)
    {
        var take = Math.Clamp(size ?? DefaultSize, 1, MaxSize);
        var total = await ordered.CountAsync(ct);
        var current = Math.Clamp(page ?? 1, 1, Math.Max(1, (total + take - 1) / take));
        return new Paged<T>(await ordered.Skip((current - 1) * take).Take(take).ToListAsync(ct), current, take, total);
    }

    /// <summary>The same page with its items turned into something else (e.g. enriched in memory).</summary>
    public Paged<TOut> With<TOut>(IReadOnlyList<TOut> items) => new(items, Page, Size, Total);
}

/// <summary>What the pager (_Pager.cshtml) and the API's Link header need of a page, whatever it holds.</summary>
public interface IPage
{
    int Page { get; }
    int Pages { get; }
    int Total { get; }
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
        http.Response.Headers["X-Total-Count"] = page.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
