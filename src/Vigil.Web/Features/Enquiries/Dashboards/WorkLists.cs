using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Data.Enquiries;

namespace Vigil.Web.Features.Enquiries.Dashboards;

public sealed record WorkItem(
    [property: JsonPropertyName("case_id")] Guid CaseId,
    [property: JsonPropertyName("case_reference")] string CaseReference,
    [property: JsonPropertyName("what")] string What,
    [property: JsonPropertyName("when")] DateTime? When,
    [property: JsonPropertyName("who")] string? Who);

public sealed record WorkList(string Id, string Title);

/// <summary>The supervisor's lists (each count on the dashboard links to one), over the cases the user may see.</summary>
public sealed class WorkLists(VigilDbContext db, TimeProvider clock)
{
    public const int MaxRows = 500;

    public static readonly IReadOnlyList<WorkList> Fixed =
    [
        new("overdue-actions", "Overdue actions"), new("untested-exhibits", "Exhibits never submitted for testing"),
        new("override-requests", "Overrides awaiting a supervisor's signature"), new("results-awaiting-review", "Mandatory action results awaiting review"),
        new("overdue-reviews", "Overdue case reviews"),
    ];

    public static IEnumerable<WorkList> All => Fixed.Concat(RedFlags.All.Select(f => new WorkList("flag-" + f.Id, f.Title)));

    public async Task<Dictionary<string, int>> CountsAsync(IQueryable<DeathCase> visible, CancellationToken ct)
    {
        var counts = new Dictionary<string, int>();
        foreach (var list in All) counts[list.Id] = await Query(list.Id, visible).CountAsync(ct);
        return counts;
    }

    public Task<List<WorkItem>> ItemsAsync(string listId, IQueryable<DeathCase> visible, CancellationToken ct) =>
        Query(listId, visible).Take(MaxRows).ToListAsync(ct);

    private IQueryable<WorkItem> Query(string listId, IQueryable<DeathCase> visible)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        string[] overdueStates = [ActionStatus.Raised, ActionStatus.Allocated, ActionStatus.ResultSubmitted];
        // Ordered before the projection: EF cannot translate an ORDER BY on a record's constructor argument.
        IQueryable<WorkItem> Actions(IQueryable<CaseAction> q) => q.OrderBy(a => a.DueAt).Join(visible, a => a.CaseId, c => c.Id,
            (a, c) => new WorkItem(c.Id, c.Reference, "A" + a.Number + " " + a.Title, a.DueAt, a.AllocatedTo));
        return listId switch
        {
            "overdue-actions" => Actions(db.CaseActions.Where(a => overdueStates.Contains(a.Status) && a.DueAt < now)),
            "results-awaiting-review" => Actions(db.CaseActions.Where(a => a.Mandatory && a.Status == ActionStatus.ResultSubmitted)),
            "untested-exhibits" => Exhibits.CustodyCommands.Untested(db, visible).OrderBy(e => e.CreatedAt).Join(visible, e => e.CaseId, c => c.Id,
                (e, c) => new WorkItem(c.Id, c.Reference, e.Reference + " " + e.Type + (e.Description == null ? "" : ": " + e.Description), e.CreatedAt, null)),
            "override-requests" => db.CaseDecisions.Where(d => d.Kind == DecisionKinds.OverrideRequested && !db.CaseDecisions.Any(s => s.SignsDecisionId == d.Id)).OrderBy(d => d.At)
                .Join(visible, d => d.CaseId, c => c.Id, (d, c) => new WorkItem(c.Id, c.Reference, "Override to " + d.ToCategory + ": " + d.Rationale, d.At, d.DecidedBy)),
            "overdue-reviews" => db.CaseReviews.Where(r => r.CompletedAt == null && r.DueAt < now).OrderBy(r => r.DueAt)
                .Join(visible, r => r.CaseId, c => c.Id, (r, c) => new WorkItem(c.Id, c.Reference, r.Label + " review", r.DueAt, null)),
            _ when listId.StartsWith("flag-", StringComparison.Ordinal) && RedFlags.Find(listId[5..]) is { } flag =>
                RedFlags.Having(db, visible, flag).OrderByDescending(c => c.FoundAt).Select(c => new WorkItem(c.Id, c.Reference, flag.Title, c.FoundAt, null)),
            _ => throw new KeyNotFoundException(listId),
        };
    }

    /// <summary>An officer's own open actions, overdue first.</summary>
    public Task<List<CaseAction>> MineAsync(string userName, IQueryable<DeathCase> visible, CancellationToken ct) =>
        db.CaseActions.AsNoTracking().Where(a => a.AllocatedTo == userName && ActionStatus.Open.Contains(a.Status) && visible.Any(c => c.Id == a.CaseId))
            .OrderBy(a => a.DueAt).Take(MaxRows).ToListAsync(ct);
}
