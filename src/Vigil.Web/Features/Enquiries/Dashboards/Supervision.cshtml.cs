namespace Vigil.Web.Features.Enquiries.Dashboards;

/// <summary>The supervisor's dashboard: overdue actions, untested exhibits, pending sign-offs, red flags, overdue reviews.</summary>
[Authorize(Policy = Policies.Supervise)]
public sealed class SupervisionModel(CaseAccess access, WorkLists lists, IOptions<Rules.EnquiryOptions> options) : PageModel
{
    public Dictionary<string, int> Counts { get; private set; } = [];
    /// <summary>How many of the overdue actions are mandatory: what the override gate and the due-event sweep are about.</summary>
    public int OverdueMandatory { get; private set; }
    public int FlagsStopAt => options.Value.FlagTileCountStopsAt;

    public async Task OnGetAsync(CancellationToken ct) =>
        (Counts, OverdueMandatory) = await lists.CountsAsync(await access.VisibleAsync(ct), FlagsStopAt, ct);

    /// <summary>A count as the tile says it: a red flag's beyond <see cref="FlagsStopAt"/> is "more than" it (ADR 1646).</summary>
    public string Say(WorkList list, int n) => list.IsRedFlag && n > FlagsStopAt ? "more than " + FlagsStopAt.ToString("N0", CultureInfo.InvariantCulture) : n.ToString("N0", CultureInfo.InvariantCulture);
}
