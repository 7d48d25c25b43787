namespace Vigil.Web.Features.Timelines;

/// <summary>/timeline?case=|person=|series=: the visual timeline (vis-timeline, wwwroot/js/visual-timeline.js); embed=1 for a frame.</summary>
// The page is a frame: its data comes from the API, which records each read.
[Authorize(Policy = Policies.ReadCases), Audit.NoCaseData]
public sealed class IndexModel : Shared.SubjectFrameModel
{
    public IActionResult OnGet() => Case is null && Person is null && Series is null ? BadRequest() : Page();

    public string Source => $"/api/v1/timeline?{SubjectQuery}";

    public string Subject => Case is not null ? "this death" : Person is not null ? "this person's deaths" : "this series";
}
