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
        var decisions = db.CaseDecisions;
        var tasks = db.FamilyTasks;
        var files = db.FamilyFiles;
        var closed = visible.Where(c => open.Any(a => a.CaseId == c.Id))
            .Select(c => new
            {
                c.Id, c.Reference, c.Deceased.Name,
                Latest = decisions.Where(d => d.CaseId == c.Id && (d.Kind == DecisionKinds.Closure || d.Kind == DecisionKinds.Reopened))
                    .OrderByDescending(d => d.Sequence).Select(d => new { d.Kind, d.At }).FirstOrDefault(),
            })
            .Where(x => x.Latest != null && x.Latest.Kind == DecisionKinds.Closure);
        return closed.OrderBy(x => x.Latest!.At).ThenBy(x => x.Reference).Select(x => new OpenAfterClosureRow(x.Id, x.Reference, x.Name, x.Latest!.At,
            open.Count(a => a.CaseId == x.Id), open.Where(a => a.CaseId == x.Id).Max(a => a.LastLoginAt),
            files.Where(f => f.CaseId == x.Id).Select(f => f.LiaisonEndedAt).FirstOrDefault(),
            Told(tasks, x.Id, x.Latest.At).Select(t => t.DoneAt).FirstOrDefault(),
            Told(tasks, x.Id, x.Latest.At).Select(t => t.Outcome).FirstOrDefault()));
    }

    /// <summary>The task that told the family of this closure, done: the closure's own, or the one raised when the family
    /// became known after it (ADR 3365).</summary>
    private static IQueryable<FamilyTask> Told(IQueryable<FamilyTask> tasks, Guid caseId, DateTime closedAt) =>
        tasks.Where(t => t.CaseId == caseId && t.DoneAt != null && t.CreatedAt >= closedAt && (t.Kind == CaseEventKinds.Closed || t.Kind == FamilyNowKnown.Kind))
            .OrderByDescending(t => t.DoneAt);
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
