using System.Globalization;

namespace Vigil.Web.Features.Linkage.Queue;

/// <summary>The analysts' one queue: pairs, person and cluster alerts, and deaths proposed to series (one item per
/// series), most probable first, each with its reasons in words.</summary>
[Authorize(Policy = Policies.ReadLinkage)]
public sealed class IndexModel(LinkageAccess linkage, VigilDbContext db, ForceTime time, LinkageEngine engine, IOptions<LinkageSettings> options) : PageModel
{
    private readonly LinkageSettings settings = options.Value;

    public Paged<QueueItem> Items { get; private set; } = null!;
    public string Status { get; private set; } = LinkStatus.Open;
    public ForceTime Time => time;
    public double Threshold { get; private set; }
    public double Budget => settings.AlertBudget;

    /// <summary>The short id of the model this node scores with (ADR 3153), read after the threshold's catch-up.</summary>
    public string? ModelId { get; private set; }

    public async Task OnGetAsync(string? status, [FromQuery(Name = "page")] int? pageNumber, int? size, CancellationToken ct)
    {
        Status = status is LinkStatus.Confirmed or LinkStatus.Rejected or LinkStatus.Lapsed ? status : LinkStatus.Open;
        Items = await QueueQuery.ItemsAsync(linkage, db, Status, pageNumber, size, ct);
        Threshold = await engine.ThresholdAsync(ct);
        ModelId = engine.ModelInUse?.ShortId;
    }

    /// <summary>How much of the queue this page holds: the whole count always, so a backlog is never out of sight.</summary>
    public string Showing
    {
        get
        {
            var all = Plural.Count(Items.Total, $"{StatusLabel(Status)} alert", $"{StatusLabel(Status)} alerts");
            if (Items.Pages == 1) return $"{all}, most probable first.";
            var first = (Items.Page - 1) * Items.Size + 1;
            return string.Create(CultureInfo.InvariantCulture, $"{first:N0}–{first + Items.Items.Count - 1:N0} of {all}, most probable first.");
        }
    }

    /// <summary>The tabs of the queue, in order.</summary>
    public static readonly string[] Statuses = [LinkStatus.Open, LinkStatus.Lapsed, LinkStatus.Confirmed, LinkStatus.Rejected];

    /// <summary>A pair's status as the analyst reads it: a lapsed pair is one no longer alike (ADR 3142).</summary>
    public static string StatusLabel(string status) => status == LinkStatus.Lapsed ? "no longer alike" : status;

    /// <summary>How an item came to its status, beside when (ADR 3146): "lapsed 04 Dec 2026 23:30 GMT" under the date it
    /// was first raised.</summary>
    public static string ChangeLabel(string status) => status switch
    {
        LinkStatus.Lapsed => "lapsed",
        LinkStatus.Open => "open again",
        MemberStatus.Proposed => "proposed again",
        _ => status,
    };

    /// <summary>The kind of alert as the analyst reads it.</summary>
    public static string KindLabel(string kind) => kind switch
    {
        AlertKind.Person => "Person",
        AlertKind.Cluster => "Cluster",
        AlertKind.Series => "Series",
        _ => "Pair",
    };
}
