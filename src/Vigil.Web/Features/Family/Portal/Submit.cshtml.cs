namespace Vigil.Web.Features.Family.Portal;

/// <summary>Sending information and files. The request may be larger than the app's 1 MB default, up to a fixed
/// ceiling; each file's own limit and type are checked by <see cref="FamilyIntake"/>.</summary>
[Authorize(Policy = FamilyAuth.Policy)]
[RequestSizeLimit(FamilyOptions.MaxSubmissionRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = FamilyOptions.MaxSubmissionRequestBytes)]
public sealed class SubmitModel(FamilyIntake intake, IOptions<FamilyOptions> options) : PageModel
{
    [BindProperty] public string? Message { get; set; }
    [BindProperty] public List<IFormFile> Files { get; set; } = [];
    public IReadOnlyList<string> Problems { get; private set; } = [];
    public FamilyOptions Limits => options.Value;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (account, caseId) = FamilyAuth.Who(User);
        Problems = await intake.SubmitAsync(caseId, account, Message, Files, ct);
        if (Problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        return Redirect("/family#sent-h");
    }
}
