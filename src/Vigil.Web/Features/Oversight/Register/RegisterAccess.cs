namespace Vigil.Web.Features.Oversight.Register;

/// <summary>Who may read the review register: reviewers all of it; anyone else only the findings a reviewer granted
/// them (ADR 0805). A finding outside a user's reach answers 404, as a case does.</summary>
public sealed class RegisterAccess(VigilDbContext db, IHttpContextAccessor http)
{
    private ClaimsPrincipal User => http.HttpContext?.User ?? new ClaimsPrincipal();
    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    public bool IsReviewer => User.IsInRole(Roles.Reviewer);

    /// <summary>The force answers findings: supervisors and investigators who were granted the finding.</summary>
    public bool MayRespond => User.IsInRole(Roles.Supervisor) || User.IsInRole(Roles.Investigator);

    public IQueryable<ReviewFinding> Readable()
    {
        if (IsReviewer) return db.Set<ReviewFinding>();
        var granted = db.Set<FindingGrant>().Where(g => g.UserId == UserId).Select(g => g.FindingId);
        return db.Set<ReviewFinding>().Where(f => granted.Contains(f.Id));
    }

    public Task<ReviewFinding?> FindAsync(Guid id, CancellationToken ct) =>
        Readable().Include(f => f.Evidence).Include(f => f.Responses).AsSplitQuery().FirstOrDefaultAsync(f => f.Id == id, ct);
}
