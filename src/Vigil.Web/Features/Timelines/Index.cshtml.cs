namespace Vigil.Web.Features.Timelines;

/// <summary>/timeline?case=|person=|series=: the visual timeline (vis-timeline, wwwroot/js/visual-timeline.js); embed=1 for a frame.</summary>
// The page is a frame: its data comes from the API, which records each read.
[Authorize(Policy = Policies.ReadCases), Audit.NoCaseData]
public sealed class IndexModel : Shared.SubjectFrameModel
{
    public async Task<IActionResult> OnGetAsync([FromServices] CaseAccess access, CancellationToken ct) =>
        HasSubject ? Page() : await ChooseAsync(access, ct);

    public override string Draws => "show on a timeline";

    public string Source => $"/api/v1/timeline?{SubjectQuery}";

    public string Subject => Case is not null ? "this death" : Person is not null ? "this person's deaths" : "this series";
}
