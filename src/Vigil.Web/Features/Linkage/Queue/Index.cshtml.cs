using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Auth;
using Vigil.Web.Features.Shared;

namespace Vigil.Web.Features.Linkage.Queue;

public sealed record QueueRow(Guid Id, double Probability, DateTime RaisedAt, string Status, string Summary,
    string NewerRef, string? NewerName, DateTime NewerFound, string? NewerArea,
    string EarlierRef, string? EarlierName, DateTime EarlierFound, string? EarlierArea);

/// <summary>The analysts' queue: candidate links above the alert threshold, most probable first.</summary>
[Authorize(Policy = Policies.ReadLinkage)]
public sealed class IndexModel(LinkageAccess linkage, VigilDbContext db, ForceTime time, IOptions<LinkageSettings> options) : PageModel
{
    private readonly LinkageSettings settings = options.Value;

    public const int PageSize = 200;
    public List<QueueRow> Rows { get; private set; } = [];
    public string Status { get; private set; } = LinkStatus.Open;
    public ForceTime Time => time;
    public double Threshold => settings.AlertThreshold;

    public async Task OnGetAsync(string? status, CancellationToken ct)
    {
        Status = status is LinkStatus.Confirmed or LinkStatus.Rejected ? status : LinkStatus.Open;
        Rows = await QueryAsync(linkage, db, Status, ct);
    }

    public static async Task<List<QueueRow>> QueryAsync(LinkageAccess linkage, VigilDbContext db, string status, CancellationToken ct, Guid? caseId = null) =>
        await (await linkage.VisibleCandidatesAsync(ct)).AsNoTracking().Where(c => c.Status == status)
            .Where(c => caseId == null || c.NewerCaseId == caseId || c.EarlierCaseId == caseId)
            .Join(db.Cases, c => c.NewerCaseId, n => n.Id, (c, n) => new { c, n })
            .Join(db.Cases, x => x.c.EarlierCaseId, e => e.Id, (x, e) => new { x.c, x.n, e })
            .OrderByDescending(x => x.c.Probability).ThenBy(x => x.c.RaisedAt).Take(PageSize)
            .Select(x => new QueueRow(x.c.Id, x.c.Probability, x.c.RaisedAt, x.c.Status, x.c.Summary,
                x.n.Reference, x.n.Deceased.Name, x.n.FoundAt, x.n.Area, x.e.Reference, x.e.Deceased.Name, x.e.FoundAt, x.e.Area))
            .ToListAsync(ct);
}
