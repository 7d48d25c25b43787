namespace Vigil.Web.Features.Enquiries.Dashboards;

/// <summary>An investigator's own open actions, overdue first.</summary>
[Authorize(Policy = Policies.EditCases)]
public sealed class MyWorkModel(CaseAccess access, WorkLists lists, ForceTime time, TimeProvider clock) : PageModel
{
    public Paged<CaseAction> Actions { get; private set; } = null!;
    public MineCounts Counts { get; private set; } = new(0, 0);
    /// <summary>Actions waiting for allocation, overdue actions and reviews, and what the family is owed, on the cases the
    /// officer leads, by list (<see cref="WorkLists.Led"/>).</summary>
    public Dictionary<string, int> Led { get; private set; } = [];
    /// <summary>How many of the overdue actions on the cases the officer leads are mandatory (ADR 3291).</summary>
    public int LedOverdueMandatory { get; private set; }
    public Dictionary<Guid, string> References { get; private set; } = [];
    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;
    public ForceTime Time => time;

    public async Task OnGetAsync([FromQuery(Name = "page")] int? pageNumber, int? size, CancellationToken ct)
    {
        var visible = await access.VisibleAsync(ct);
        var me = Officer.From(User).UserName;
        Actions = await lists.MineAsync(me, visible, pageNumber, size, ct);
        Counts = await lists.MineCountsAsync(me, visible, ct);
        (Led, LedOverdueMandatory) = await lists.LedCountsAsync(visible, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", ct);
        var ids = Actions.Items.Select(a => a.CaseId).Distinct().ToList();
        References = await visible.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Reference, ct);
    }
}
