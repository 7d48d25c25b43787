namespace Vigil.Web.Features.Family.Liaison;

/// <summary>The deaths of the reader's teams waiting for a family liaison officer (<see cref="WaitingForFlo"/>).</summary>
[Authorize(Policy = Policies.Liaise)]
public sealed class WaitingModel(VigilDbContext db, CaseAccess access, TimeProvider clock, IOptions<FamilyOptions> options, ForceTime time) : PageModel
{
    public Paged<WaitingForFloRow> Rows { get; private set; } = null!;
    public ForceTime Time => time;
    public TimeSpan NewDeathsWaitFor => options.Value.NewDeathsWaitFor;

    public async Task OnGetAsync([FromQuery(Name = "page")] int? pageNumber, int? size, CancellationToken ct)
    {
        var rows = await WaitingForFlo.QueryAsync(db, await access.LiaisonVisibleAsync(ct), clock.GetUtcNow().UtcDateTime, options.Value, ct);
        Rows = await Paged<WaitingForFloRow>.OfAsync(rows, pageNumber, size, ct);
    }
}
