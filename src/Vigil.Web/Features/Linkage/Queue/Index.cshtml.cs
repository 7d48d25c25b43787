namespace Vigil.Web.Features.Linkage.Queue;

/// <summary>The analysts' one queue: pairs, person and cluster alerts, and deaths proposed to series (one item per
/// series), most probable first, each with its reasons in words.</summary>
[Authorize(Policy = Policies.ReadLinkage)]
public sealed class IndexModel(LinkageAccess linkage, VigilDbContext db, ForceTime time, LinkageEngine engine, IOptions<LinkageSettings> options) : PageModel
{
    private readonly LinkageSettings settings = options.Value;

    public List<QueueItem> Items { get; private set; } = [];
    public string Status { get; private set; } = LinkStatus.Open;
    public ForceTime Time => time;
    public double Threshold { get; private set; }
    public double Budget => settings.AlertBudget;

    public async Task OnGetAsync(string? status, CancellationToken ct)
    {
        Status = status is LinkStatus.Confirmed or LinkStatus.Rejected ? status : LinkStatus.Open;
        Items = await QueueQuery.ItemsAsync(linkage, db, Status, ct);
        Threshold = await engine.ThresholdAsync(ct);
    }

    /// <summary>The kind of alert as the analyst reads it.</summary>
    public static string KindLabel(string kind) => kind switch
    {
        AlertKind.Person => "Person",
        AlertKind.Cluster => "Cluster",
        AlertKind.Series => "Series",
        _ => "Pair",
    };
}
