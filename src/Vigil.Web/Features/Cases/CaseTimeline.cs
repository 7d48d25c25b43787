namespace Vigil.Web.Features.Cases;

/// <param name="By">Who did it, as the record keeps it: a login, an audit actor, the enquiry rules, a family member's words.</param>
/// <param name="To">The officer it went to (an allocation), by login: said after <see cref="Description"/> by name.</param>
/// <param name="ByName">The name <see cref="By"/> goes by, when the source's own statement read it (the family's entries).</param>
public sealed record TimelineItem(DateTime At, string Kind, string Description, string? By = null, string? To = null, string? ByName = null)
{
    /// <summary>The officers the item names whose names are still to be read: one statement for the whole timeline.</summary>
    public IEnumerable<string?> Logins => ByName is { Length: > 0 } || ByTheRules ? [To] : [CaseOfficers.LoginIn(By), To];

    /// <summary>What happened, the officer it went to by name ("A3 allocated to DC Amira Haddad").</summary>
    public string Text(IReadOnlyDictionary<string, string> names) => To is null ? Description : $"{Description} to {names.GetValueOrDefault(To, To)}";

    /// <summary>Who, in brackets after the item, by name (round 54 left "(investigator)": ADR 3253). An action the rules
    /// raised keeps "enquiry-rules v1.0.0" as its raiser, which the timeline showed as it is (walk53 finding 23); it is
    /// said "raised by the enquiry rules", the version in the action's own record.</summary>
    public string Who(IReadOnlyDictionary<string, string> names) => By switch
    {
        null => "",
        _ when ByTheRules => "(raised by the enquiry rules)",
        _ when ByName is { Length: > 0 } => $"({ByName})",
        _ when CaseOfficers.LoginIn(By) is { } login && names.TryGetValue(login, out var name) => $"({name})",
        _ => $"({Audit.AuditActor.Say(By)})",
    };

    private bool ByTheRules => By is { } by && (by == Enquiries.Rules.EnquiryRulesHook.RaisedBy
        || by.StartsWith(Enquiries.Rules.EnquiryRulesHook.RaisedBy + " v", StringComparison.Ordinal));
}

/// <summary>A capability's contribution to a case's timeline (actions raised and done, exhibit movements,
/// decisions, reviews, family contacts). Registered in DI; the case page merges them all.</summary>
public interface ITimelineSource
{
    /// <summary>The policy that reads this source's records on their own page: its timeline items are shown only to
    /// readers who hold it (the family file's to the Liaise roles, ADR 0502).</summary>
    string Policy => Auth.Policies.ReadCases;

    Task<IEnumerable<TimelineItem>> ItemsAsync(VigilDbContext db, DeathCase c, CancellationToken ct);
}

/// <summary>One chronological view of everything that happened in a case. Facts the case already holds
/// (found, reported, recorded) are derived, not stored twice; free events come from the timeline table.</summary>
/// <remarks>Entries at the same instant keep one order on every load (ADR 0654): each source gives its items in a
/// fixed order (by time, then by when they were written), and the merge is a stable sort on time alone, so ties
/// stay in that order — the case's own facts first, then the timeline table, then each capability in turn.</remarks>
public sealed class CaseTimeline(VigilDbContext db, IEnumerable<ITimelineSource> sources, IAuthorizationService authorization, CasePanelRows rows,
    CaseAccess access)
{
    /// <summary>The case's timeline as <paramref name="reader"/> may see it: sources whose policy they lack are not read.</summary>
    public async Task<List<TimelineItem>> BuildAsync(DeathCase c, ClaimsPrincipal reader, CancellationToken ct)
    {
        var items = new List<TimelineItem>
        {
            new(c.FoundAt, "found", "Body found" + (c.LocationDescription is { } d ? $" {d}" : "") + (c.Area is { } a ? $", {a}" : "")),
        };
        if (c.ReportedAt is { } reported) items.Add(new(reported, "reported", "Death reported"));
        items.Add(new(c.CreatedAt, "recorded", $"Case {c.Reference} recorded in Vigil"));
        items.AddRange(await rows.UnlessNone(c.Id, PanelTable.TimelineEvents, () => Events.For(db)(db, c.Id).ToListAsync(ct).AsTask()));
        foreach (var source in sources)
            if ((await authorization.AuthorizeAsync(reader, source.Policy)).Succeeded && await InReachAsync(source, c, ct))
                items.AddRange(await source.ItemsAsync(db, c, ct));
        // OrderBy is stable: equal times keep the order above.
        return [.. items.OrderBy(i => i.At)];
    }

    /// <summary>The family's entries only for a case in the reader's liaison reach (ADR 3239).</summary>
    private async Task<bool> InReachAsync(ITimelineSource source, DeathCase c, CancellationToken ct) =>
        source.Policy != Policies.Liaise || await access.ShowsFamilyOfAsync(c.Id, ct);

    /// <summary>Compiled once (ADR 2311): every case page runs it.</summary>
    private static readonly Hosting.CompiledPerModel<Func<VigilDbContext, Guid, IAsyncEnumerable<TimelineItem>>> Events = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, Guid caseId) => db.TimelineEvents.AsNoTracking().Where(e => e.CaseId == caseId)
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).Select(e => new TimelineItem(e.OccurredAt, e.Kind, e.Description, e.RecordedBy, null, null))));
}
