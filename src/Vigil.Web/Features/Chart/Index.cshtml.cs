namespace Vigil.Web.Features.Chart;

/// <summary>/chart?case=|person=|series=: the link chart (Cytoscape.js, wwwroot/js/link-chart.js). With embed=1 it is
/// drawn without the site's header, for a series or case page to show in a frame.</summary>
// The page is a frame: its data comes from the API, which records each read.
[Authorize(Policy = Policies.ReadCases), Audit.NoCaseData]
public sealed class IndexModel : Shared.SubjectFrameModel
{
    public string? Seed { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromServices] CaseAccess access, CancellationToken ct)
    {
        if (!HasSubject) return await ChooseAsync(access, ct);
        Seed = ChartApi.Seed(Case, Person, Series);
        if (Seed is null) return BadRequest();
        if (Embed) ViewData["Embed"] = true;
        return Page();
    }

    public override string Draws => "chart";

    public string Source => $"/api/v1/chart?{SubjectQuery}";
}
