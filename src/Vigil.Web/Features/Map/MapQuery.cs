using Vigil.Web.Features.Linkage;

namespace Vigil.Web.Features.Map;

public sealed record MapPoint(Guid Id, string Reference, string? Name, double Lat, double Lon, string Found, string? Area, string Classification, string? Setting);

public sealed record MapSeries(Guid Id, string Reference, IReadOnlyList<Guid> Members);

public sealed record MapArea(string Name, double Lat, double Lon, int Deaths);

public sealed record MapData(IReadOnlyList<MapPoint> Points, IReadOnlyList<MapSeries> Series, IReadOnlyList<MapArea> Areas, bool Truncated, int Max);

/// <summary>Which series the map may draw for this reader (ADR 3115): the series page's rule. <paramref name="ReadsLinkage"/>:
/// the linkage queue's readers see proposed members too, others confirmed members only; <paramref name="Answered"/>
/// keeps the series whose page answers the reader (<see cref="LinkageAccess.AnsweredSeriesAsync"/>).</summary>
public sealed record MapSeriesRule(bool ReadsLinkage, Func<IReadOnlyCollection<Guid>, CancellationToken, Task<HashSet<Guid>>> Answered);

/// <summary>The deaths a user may see that pass the map's filters, newest first up to the marker limit, with the
/// linked series among them (members in date order, drawn as connected markers) and area labels placed at the
/// middle of each area's deaths, for the map without tiles. The kind of death is the linkage engine's own.</summary>
public sealed class MapQuery(VigilDbContext db, LinkageEngine engine, ForceTime time, MapSettings settings)
{
    /// <summary>The map's data; its series lines only with a <paramref name="series"/> rule (the watch hook counts points).</summary>
    public async Task<MapData> RunAsync(IQueryable<DeathCase> visible, MapFilter f, CancellationToken ct, MapSeriesRule? series = null)
    {
        var filtered = Filtered(visible, f);
        var ofKind = await OfKindAsync(f, ct);
        var points = new List<MapPoint>();
        var truncated = false;
        var rows = filtered.AsNoTracking().OrderByDescending(c => c.FoundAt)
            .Select(c => new { c.Id, c.Reference, c.Deceased.Name, c.Latitude, c.Longitude, c.FoundAt, c.Area, c.Classification, c.Setting })
            .AsAsyncEnumerable();
        await foreach (var c in rows.WithCancellation(ct))
        {
            if (ofKind is not null && !ofKind.Contains(c.Id)) continue;
            if (points.Count == settings.MaxMarkers) { truncated = true; break; }
            points.Add(new MapPoint(c.Id, c.Reference, c.Name, c.Latitude, c.Longitude, time.Show(c.FoundAt), c.Area, c.Classification, c.Setting));
        }
        return new MapData(points, series is null ? [] : await SeriesAsync(points, series, ct), Areas(points), truncated, settings.MaxMarkers);
    }

    /// <summary>The filters the database applies; the kind of death is the engine's (<see cref="OfKindAsync"/>).</summary>
    public static IQueryable<DeathCase> Filtered(IQueryable<DeathCase> visible, MapFilter f) =>
        CaseSearch.Apply(visible, f);

    /// <summary>The cases of the filter's kind of death, or null when the filter names no kind.</summary>
    public async Task<HashSet<Guid>?> OfKindAsync(MapFilter f, CancellationToken ct) => f.EngineKind is { } kind
        ? (await engine.ScanCasesAsync(new HashSet<Vigil.Linkage.Features.DeathKind> { kind }, ct)).Select(x => x.CaseId).ToHashSet()
        : null;

    /// <summary>A line joins the drawn members of a series the reader's series page would show: never a rejected member
    /// (a line says "linked"), a proposed one only for the queue's readers, a candidate series only when its page
    /// answers them (every death in it readable). Before ADR 3115 every series and member was drawn.</summary>
    private async Task<List<MapSeries>> SeriesAsync(List<MapPoint> points, MapSeriesRule rule, CancellationToken ct)
    {
        var drawn = points.ToDictionary(p => p.Id);
        var rows = db.SeriesMembers().AsNoTracking().Where(m => m.Status != MemberStatus.Rejected);
        if (!rule.ReadsLinkage) rows = rows.Where(m => m.Status == MemberStatus.Confirmed);
        var members = await rows.Select(m => new { m.SeriesId, m.CaseId }).ToListAsync(ct);
        var shown = members.Where(m => drawn.ContainsKey(m.CaseId)).GroupBy(m => m.SeriesId).Where(g => g.Count() > 1).ToList();
        if (shown.Count > 0)
        {
            var answered = await rule.Answered([.. shown.Select(g => g.Key)], ct);
            shown = [.. shown.Where(g => answered.Contains(g.Key))];
        }
        var ids = shown.Select(g => g.Key).ToList();
        var refs = await db.Series().AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Reference, ct);
        var order = points.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => -x.i); // points are newest first
        return shown.Select(g => new MapSeries(g.Key, refs.GetValueOrDefault(g.Key, "series"), g.Select(m => m.CaseId).OrderBy(id => order[id]).ToList())).ToList();
    }

    private static List<MapArea> Areas(List<MapPoint> points) =>
        points.Where(p => p.Area is not null).GroupBy(p => p.Area!)
            .Select(g => new MapArea(g.Key, g.Average(p => p.Lat), g.Average(p => p.Lon), g.Count())).OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
}
