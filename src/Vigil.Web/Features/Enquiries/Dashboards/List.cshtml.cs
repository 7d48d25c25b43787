namespace Vigil.Web.Features.Enquiries.Dashboards;

[Authorize(Policy = Policies.Supervise)]
public sealed class ListModel(CaseAccess access, WorkLists lists, Cases.CaseOfficers officers, ForceTime time) : PageModel
{
    public string Title { get; private set; } = "";
    public Paged<WorkRow> Items { get; private set; } = null!;
    /// <summary>The officers of this page's rows by the names they go by, as the case page names them (not logins).</summary>
    public Dictionary<string, string> Names { get; private set; } = [];
    public ForceTime Time => time;

    public async Task<IActionResult> OnGetAsync(string list, [FromQuery(Name = "page")] int? pageNumber, int? size, CancellationToken ct)
    {
        if (WorkLists.All.FirstOrDefault(l => l.Id == list) is not { } found) return NotFound();
        Title = found.Title;
        Items = await lists.RowsAsync(list, await access.VisibleAsync(ct), pageNumber, size, ct);
        Names = await officers.NamesAsync(Items.Items.Select(i => i.Who), ct);
        return Page();
    }

    public string OfficerName(WorkRow row) => row.Who is null ? "—" : Names.GetValueOrDefault(row.Who, row.Who);

    /// <summary>An action's row links to the action on the case page (the page opens its section), others to the case.</summary>
    public static string Href(WorkRow row) => row.ActionNumber is { } n ? $"/cases/{row.CaseId}#action-{n}" : $"/cases/{row.CaseId}";
}
