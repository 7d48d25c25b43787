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
        (Error, var status) = await intake.AskAsync(caseId, account, Question, ct);
        if (Error is null) return Redirect("/family#q-h");
        // The page again, with what was typed: refused is not lost (ADR 3237).
        Response.StatusCode = status;
        return Page();
    }
}
