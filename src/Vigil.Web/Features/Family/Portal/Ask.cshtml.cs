namespace Vigil.Web.Features.Family.Portal;

[Authorize(Policy = FamilyAuth.Policy)]
public sealed class AskModel(FamilyIntake intake) : PageModel
{
    [BindProperty] public string? Question { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (account, caseId) = FamilyAuth.Who(User);
        Error = await intake.AskAsync(caseId, account, Question, ct);
        return Error is null ? Redirect("/family#q-h") : Page();
    }
}
