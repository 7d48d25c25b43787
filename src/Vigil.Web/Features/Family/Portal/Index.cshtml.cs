namespace Vigil.Web.Features.Family.Portal;

/// <summary>The family's home page: their case as disclosed to them, and only that (see <see cref="PortalView"/>).</summary>
[Authorize(Policy = FamilyAuth.Policy)]
public sealed class IndexModel(VigilDbContext db, TimeProvider clock) : PageModel
{
    public PortalView View { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (account, caseId) = FamilyAuth.Who(User);
        View = await PortalView.ForCaseAsync(db, caseId, account, clock.GetUtcNow().UtcDateTime, ct);
        db.RecordEvent("family-view", "FamilyPortal", account.ToString(), caseId);
        await db.SaveChangesAsync(ct);
    }
}
