using Microsoft.AspNetCore.WebUtilities;

namespace Vigil.Web.Features.Cases;

[Authorize(Policy = Policies.ReadCases)]
public sealed class IndexModel(CaseAccess access, VigilDbContext db, ForceTime time) : PageModel
{
    [BindProperty(SupportsGet = true)] public CaseFilter Filter { get; set; } = new();
    public CasePage Results { get; private set; } = new([], null);
    public List<Team> Teams { get; private set; } = [];
    public ForceTime Time => time;
    public async Task OnGetAsync(CancellationToken ct)
    {
        Teams = await AllTeams.For(db)(db).ToListAsync(ct);
        foreach (var (field, message) in Filter.Problems()) ModelState.AddModelError(field, message);
        if (!ModelState.IsValid) return;
        try
        {
            Results = await CaseSearch.RunAsync(await access.VisibleAsync(ct), Filter, ct);
        }
        catch (BadCursorException ex)
        {
            ModelState.AddModelError("", ex.Message);
        }
    }

    public string LinkFor(string? after)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = Filter.Q, ["area"] = Filter.Area, ["from"] = Filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["to"] = Filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["classification"] = Filter.Classification, ["setting"] = Filter.Setting, ["team"] = Filter.Team?.ToString(), ["after"] = after,
        };
        return QueryHelpers.AddQueryString("/cases", query.Where(kv => !string.IsNullOrEmpty(kv.Value)));
    }

    /// <summary>Compiled once (ADR 2311): every case list page reads the teams for its filter.</summary>
    private static readonly Hosting.CompiledPerModel<Func<VigilDbContext, IAsyncEnumerable<Team>>> AllTeams = new(() =>
        EF.CompileAsyncQuery<VigilDbContext, Team>((VigilDbContext db) => db.Teams.AsNoTracking().OrderBy(t => t.Name)));
}
