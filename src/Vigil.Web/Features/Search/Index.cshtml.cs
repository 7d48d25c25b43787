namespace Vigil.Web.Features.Search;

[Authorize(Policy = Policies.ReadCases)]
public sealed class IndexModel(SearchService search, CaseAccess access, VigilDbContext db, ForceTime time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }
    public SearchResults? Results { get; private set; }
    public string? Error { get; private set; }
    public ForceTime Time => time;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Q is null) return;
        var plan = new SearchPlan(Q);
        if (!plan.IsValid)
        {
            Error = $"Type at least {SearchPlan.MinimumLength} characters: a name, phone, address, reference or words.";
            return;
        }
        Results = await search.RunAsync(plan, await access.ScopeAsync(ct), ct);
        await SearchApi.AuditAsync(HttpContext, db, Results, "web", ct);
    }
}
