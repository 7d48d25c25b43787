namespace Vigil.Web.Features.Oversight.Register;

/// <summary>/reviews: the review register, or the findings this user was granted.</summary>
[Authorize(Policy = Policies.ReadCases)]
public sealed class IndexModel(RegisterAccess access, ForceTime time) : PageModel
{
    public List<ReviewFinding> Findings { get; private set; } = [];
    public bool IsReviewer => access.IsReviewer;
    public ForceTime Time => time;

    public async Task OnGetAsync(CancellationToken ct) =>
        Findings = await access.Readable().AsNoTracking().Include(f => f.Responses).OrderByDescending(f => f.RaisedAt).Take(500).ToListAsync(ct);
}
