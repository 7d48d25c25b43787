namespace Vigil.Web.Features.Family.Liaison;

/// <summary>A closed case whose family can still sign in to the portal, as the list shows it: when it was closed, how
/// many accounts are open and when one was last used, whether liaison has ended on the file, and when the FLO marked
/// the closure told (the task where the exit is agreed, ADR 3361) with what they recorded.</summary>
public sealed record OpenAfterClosureRow(Guid CaseId, string Reference, string? Deceased, DateTime ClosedAt, int OpenAccounts, DateTime? LastSignInAt,
    DateTime? LiaisonEndedAt, DateTime? ToldAt, string? ToldOutcome);

/// <summary>Closed cases of the reader's teams whose family portal is still open (ADR 3367): access continues after
/// closure until the FLO withdraws it (ADR 3361), so a liaison manager reviews here that none is left open by neglect.</summary>
public static class OpenAfterClosure
{
    public const string Href = "/liaison/open-after-closure";

    /// <summary>Longest closed first. Read from the open accounts (a few hundred in a force), not from every closure of
    /// the store: closed is the latest closure-or-reopening of the decision log (<c>ClosedCaseGate</c>).</summary>
    public static IQueryable<OpenAfterClosureRow> Query(VigilDbContext db, IQueryable<DeathCase> visible)
    {
        var open = db.FamilyAccounts.Where(a => a.DisabledAt == null);
        var standing = db.CaseDecisions.Where(d => d.Kind == DecisionKinds.Closure || d.Kind == DecisionKinds.Reopened);
        // Done tasks that told a family of a closure: its own, or the one raised when the family became known after it (ADR 3365).
        var told = db.FamilyTasks.Where(t => t.DoneAt != null && (t.Kind == CaseEventKinds.Closed || t.Kind == FamilyNowKnown.Kind));
        var files = db.FamilyFiles;
        return visible.Where(c => open.Any(a => a.CaseId == c.Id))
            .Select(c => new
            {
                c.Id, c.Reference, c.Deceased.Name,
                Kind = standing.Where(d => d.CaseId == c.Id).OrderByDescending(d => d.Sequence).Select(d => d.Kind).FirstOrDefault(),
                At = standing.Where(d => d.CaseId == c.Id).OrderByDescending(d => d.Sequence).Select(d => d.At).FirstOrDefault(),
            })
            .Where(x => x.Kind == DecisionKinds.Closure)
            .OrderBy(x => x.At).ThenBy(x => x.Reference)
            .Select(x => new OpenAfterClosureRow(x.Id, x.Reference, x.Name, x.At,
                open.Count(a => a.CaseId == x.Id), open.Where(a => a.CaseId == x.Id).Max(a => a.LastLoginAt),
                files.Where(f => f.CaseId == x.Id).Select(f => f.LiaisonEndedAt).FirstOrDefault(),
                told.Where(t => t.CaseId == x.Id && t.CreatedAt >= x.At).OrderByDescending(t => t.DoneAt).Select(t => t.DoneAt).FirstOrDefault(),
                told.Where(t => t.CaseId == x.Id && t.CreatedAt >= x.At).OrderByDescending(t => t.DoneAt).Select(t => t.Outcome).FirstOrDefault()));
    }
}

/// <summary>The list of <see cref="OpenAfterClosure"/> over the reader's cases.</summary>
[Authorize(Policy = Policies.Liaise)]
public sealed class OpenAfterClosureModel(VigilDbContext db, CaseAccess access, TimeProvider clock, ForceTime time) : PageModel
{
    public Paged<OpenAfterClosureRow> Rows { get; private set; } = null!;
    public ForceTime Time => time;
    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;

    public async Task OnGetAsync([FromQuery(Name = "page")] int? pageNumber, int? size, CancellationToken ct) =>
        Rows = await Paged<OpenAfterClosureRow>.OfAsync(OpenAfterClosure.Query(db, await access.LiaisonVisibleAsync(ct)), pageNumber, size, ct);

    /// <summary>"41 days ago": whole days since the closure.</summary>
    public string Since(DateTime at) => Plural.Count((int)(Now - at).TotalDays, "day", "days") + " ago";
}
