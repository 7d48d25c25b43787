using Vigil.Web.Features.Linkage;

namespace Vigil.Web.Features.Timelines;

/// <summary>A lane of the visual timeline: one death.</summary>
public sealed record TimelineLane([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("href")] string Href);

/// <summary>One event. <see cref="Start"/> is the Europe/London wall-clock time written as if it were UTC: the page
/// shows it as UTC, so every reader sees London time whatever their browser's zone (ADR 0705).</summary>
public sealed record TimelineEntry([property: JsonPropertyName("id")] int Id, [property: JsonPropertyName("group")] string Group,
    [property: JsonPropertyName("start")] string Start, [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("content")] string Content, [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("when")] string When);

public sealed record TimelineData([property: JsonPropertyName("lanes")] IReadOnlyList<TimelineLane> Lanes,
    [property: JsonPropertyName("items")] IReadOnlyList<TimelineEntry> Items, [property: JsonPropertyName("hidden")] int Hidden,
    [property: JsonPropertyName("zone")] string Zone);

/// <summary>The timeline of a death, of a person (every death they appear in) or of a series (its members): each
/// death's own timeline as the case page builds it — found, reported, actions, decisions, exhibit movements, family
/// contacts — with family entries only for roles that deal with the family (the Liaise policy, ADR 0301, 0502).</summary>
public sealed class TimelineQuery(VigilDbContext db, CaseTimeline timeline, ForceTime time, Linkage.Series.SeriesDossiers series, Cases.CaseOfficers officers)
{
    public const int MostDeaths = 50;

    public async Task<TimelineData?> RunAsync(Guid? caseId, Guid? personId, Guid? seriesId, IQueryable<DeathCase> visible, ClaimsPrincipal user, CancellationToken ct)
    {
        IQueryable<Guid> ids;
        if (caseId is { } c) ids = db.Cases.Where(x => x.Id == c).Select(x => x.Id);
        else if (personId is { } p) ids = db.CasePeople.Where(cp => cp.PersonId == p).Select(cp => cp.CaseId);
        // A series only as the reader may know it (an engine's proposal is the queue's business: ADR 2802).
        else if (seriesId is { } s && await series.MembersShownAsync(s, ct) is { } members) ids = members;
        else return null;
        var total = await ids.Distinct().CountAsync(ct);
        var cases = await visible.AsNoTracking().Where(x => ids.Contains(x.Id)).OrderBy(x => x.FoundAt).Take(MostDeaths).ToListAsync(ct);
        if (cases.Count == 0) return null;
        var lanes = new List<TimelineLane>();
        var events = new List<(DeathCase Death, TimelineItem Item)>();
        foreach (var d in cases)
        {
            lanes.Add(new TimelineLane(d.Id.ToString(), $"{d.Reference} · {d.Deceased.Name ?? "name not recorded"}", $"/cases/{d.Id}"));
            // The case timeline leaves out the sources the reader may not read (family entries: Liaise roles only).
            foreach (var e in await timeline.BuildAsync(d, user, ct)) events.Add((d, e));
        }
        // Officers by name, as the case page's timeline says them (ADR 3253; walk55 finding 13): one look-up for every
        // login the deaths' entries name.
        var names = await officers.NamesAsync(events.SelectMany(x => x.Item.Logins), ct);
        var items = new List<TimelineEntry>();
        foreach (var (d, e) in events)
        {
            var local = time.ToLocal(e.At);
            var who = e.Who(names);
            items.Add(new TimelineEntry(items.Count + 1, d.Id.ToString(), local.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "Z",
                e.Kind, Label(e.Kind), e.Text(names) + (who.Length == 0 ? "" : " " + who), time.Show(e.At)));
        }
        return new TimelineData(lanes, items, Math.Max(0, total - cases.Count), time.Zone.Id);
    }

    private static string Label(string kind) => kind.Replace('-', ' ');
}
