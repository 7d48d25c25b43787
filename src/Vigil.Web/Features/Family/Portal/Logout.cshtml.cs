namespace Vigil.Web.Features.Family.Portal;

[Authorize(Policy = FamilyAuth.Policy)]
public sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/family");

    /// <summary>Rotating the account's stamp ends the session on the server: a copied cookie is refused from now on.</summary>
    public async Task<IActionResult> OnPostAsync([FromServices] VigilDbContext db, CancellationToken ct)
    {
        var (accountId, caseId) = FamilyAuth.Who(User);
        var account = await db.FamilyAccounts.FirstAsync(a => a.Id == accountId && a.CaseId == caseId, ct);
        account.SecurityStamp = Guid.NewGuid().ToString("N");
        await db.SaveChangesAsync(ct);
        await HttpContext.SignOutAsync(FamilyAuth.Scheme);
        return Redirect("/family/login");
    }
}
