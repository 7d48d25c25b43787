namespace Vigil.Web.Features.Enquiries.Dashboards;

[Authorize(Policy = Policies.Supervise)]
public sealed class ListModel(CaseAccess access, WorkLists lists, Cases.CaseOfficers officers, ForceTime time) : PageModel
{
    public string Title { get; private set; } = "";
    public WorkListTable Table { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string list, [FromQuery(Name = "page")] int? pageNumber, int? size, bool mandatory, CancellationToken ct)
    {
        if (WorkLists.All.FirstOrDefault(l => l.Id == list) is not { } found) return NotFound();
        var mandatoryOnly = WorkLists.MandatoryOnly(list, mandatory);
        Title = WorkLists.TitleOf(found, mandatoryOnly);
        Table = await lists.TableAsync(list, mandatoryOnly, await access.VisibleAsync(ct), officers, time, pageNumber, size, ct);
        return Page();
    }
}
