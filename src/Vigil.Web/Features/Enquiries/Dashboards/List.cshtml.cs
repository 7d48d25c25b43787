namespace Vigil.Web.Features.Enquiries.Dashboards;

[Authorize(Policy = Policies.Supervise)]
public sealed class ListModel(CaseAccess access, WorkLists lists, ForceTime time) : PageModel
{
    public string Title { get; private set; } = "";
    public Paged<WorkItem> Items { get; private set; } = null!;
    public ForceTime Time => time;

    public async Task<IActionResult> OnGetAsync(string list, [FromQuery(Name = "page")] int? pageNumber, int? size, CancellationToken ct)
    {
        if (WorkLists.All.FirstOrDefault(l => l.Id == list) is not { } found) return NotFound();
        Title = found.Title;
        Items = await lists.PageAsync(list, await access.VisibleAsync(ct), pageNumber, size, ct);
        return Page();
    }
}
