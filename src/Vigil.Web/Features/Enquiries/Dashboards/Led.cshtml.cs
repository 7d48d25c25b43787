namespace Vigil.Web.Features.Enquiries.Dashboards;

/// <summary>An officer's lists of the cases they lead: overdue actions (whoever holds them), overdue reviews, and what the
/// family is owed past its date (ADR 1637). My work
/// lists only the actions allocated to the officer; a digest of the rest links here (ADR 1634).</summary>
[Authorize(Policy = Policies.EditCases)]
public sealed class LedModel(CaseAccess access, WorkLists lists, Cases.CaseOfficers officers, ForceTime time) : PageModel
{
    public string Title { get; private set; } = "";
    public WorkList List { get; private set; } = null!;
    public WorkListTable Table { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string list, [FromQuery(Name = "page")] int? pageNumber, int? size, bool mandatory, CancellationToken ct)
    {
        if (WorkLists.Led.FirstOrDefault(l => l.Id == list) is not { } found) return NotFound();
        var mandatoryOnly = WorkLists.MandatoryOnly(list, mandatory);
        (List, Title) = (found, WorkLists.TitleOf(found, mandatoryOnly) + " on the cases you lead");
        var led = WorkLists.LedBy(await access.VisibleAsync(ct), User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "");
        Table = await lists.TableAsync(list, mandatoryOnly, led, officers, time, pageNumber, size, ct);
        return Page();
    }
}
