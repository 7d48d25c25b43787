namespace Vigil.Web.Features.Oversight.Register;

/// <summary>/reviews: the review register, or the findings this user was granted.</summary>
[Authorize(Policy = Policies.ReadCases)]
public sealed class IndexModel(RegisterAccess access, ForceTime time, Cases.CaseOfficers officers) : PageModel
{
    private IReadOnlyDictionary<string, string> names = new Dictionary<string, string>();

    /// <summary>Who raised a finding, by name (walk53 finding 12), the login where none is known.</summary>
    public string NameOf(string login) => names.GetValueOrDefault(login, login);

    public Paged<ReviewFinding> Findings { get; private set; } = null!;
    public bool IsReviewer => access.IsReviewer;
    public ForceTime Time => time;

    /// <summary>One page of the register, newest first, with the total (ADR 1618; before, the newest 500 and no word of the rest).</summary>
    public async Task OnGetAsync([FromQuery(Name = "page")] int? pageNumber, int? size, CancellationToken ct)
    {
        Findings = await Paged<ReviewFinding>.OfAsync(access.Readable().AsNoTracking().Include(f => f.Responses)
            .OrderByDescending(f => f.RaisedAt).ThenBy(f => f.Id), pageNumber, size, ct);
        names = await officers.NamesAsync(Findings.Items.Select(f => f.RaisedBy), ct);
    }
}
