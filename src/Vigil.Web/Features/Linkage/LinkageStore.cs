using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Data.Linkage;

namespace Vigil.Web.Features.Linkage;

/// <summary>The linkage tables, reached through <see cref="DbContext.Set{TEntity}"/> so the shared context needs no edit.</summary>
public static class LinkageStore
{
    public static DbSet<LinkCandidate> Candidates(this VigilDbContext db) => db.Set<LinkCandidate>();
    public static DbSet<LinkDecision> Decisions(this VigilDbContext db) => db.Set<LinkDecision>();
    public static DbSet<LinkedSeries> Series(this VigilDbContext db) => db.Set<LinkedSeries>();
    public static DbSet<LinkedSeriesMember> SeriesMembers(this VigilDbContext db) => db.Set<LinkedSeriesMember>();
    public static DbSet<Vigil.Data.Notifications.Notification> Notifications(this VigilDbContext db) => db.Set<Vigil.Data.Notifications.Notification>();

    /// <summary>Every case with what the engine compares, oldest death first, a page at a time.</summary>
    public static async IAsyncEnumerable<DeathCase> CasesInFoundOrder(VigilDbContext db, int pageSize, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var skip = 0; ; skip += pageSize)
        {
            var page = await db.Cases.AsNoTracking().Include(c => c.People).ThenInclude(p => p.Person).Include(c => c.Toxicology).AsSplitQuery()
                .OrderBy(c => c.FoundAt).ThenBy(c => c.Id).Skip(skip).Take(pageSize).ToListAsync(ct);
            foreach (var c in page) yield return c;
            if (page.Count < pageSize) yield break;
        }
    }

    /// <summary>Analysts' decisions in the order made, as (newer, earlier, confirmed) case pairs.</summary>
    public static async Task<List<(Guid Newer, Guid Earlier, bool Confirmed)>> DecidedPairsAsync(VigilDbContext db, CancellationToken ct) =>
        (await db.Decisions().AsNoTracking()
            .Join(db.Candidates(), d => d.CandidateId, c => c.Id, (d, c) => new { d.DecidedAt, d.Id, c.NewerCaseId, c.EarlierCaseId, d.Confirmed })
            .OrderBy(x => x.DecidedAt).ThenBy(x => x.Id).ToListAsync(ct))
        .Select(x => (x.NewerCaseId, x.EarlierCaseId, x.Confirmed)).ToList();

    /// <summary>Stores alerts as queue items. A pair already queued (either way round) keeps its row: an open one
    /// takes the new score, a decided one stays decided.</summary>
    public static async Task<int> SaveAlertsAsync(VigilDbContext db, IReadOnlyList<CaseAlert> alerts, DateTime now, CancellationToken ct)
    {
        if (alerts.Count == 0) return 0;
        var ids = alerts.SelectMany(a => new[] { a.NewerCaseId, a.EarlierCaseId }).Distinct().ToList();
        var existing = new List<LinkCandidate>();
        foreach (var chunk in ids.Chunk(500))
            existing.AddRange(await db.Candidates().Where(c => chunk.Contains(c.NewerCaseId) && ids.Contains(c.EarlierCaseId)).ToListAsync(ct));
        var added = 0;
        foreach (var a in alerts)
        {
            var row = existing.FirstOrDefault(c => (c.NewerCaseId == a.NewerCaseId && c.EarlierCaseId == a.EarlierCaseId)
                || (c.NewerCaseId == a.EarlierCaseId && c.EarlierCaseId == a.NewerCaseId));
            if (row is null)
            {
                row = new LinkCandidate { NewerCaseId = a.NewerCaseId, EarlierCaseId = a.EarlierCaseId, Probability = a.Probability, Summary = Clip(a.Summary), RaisedAt = now };
                db.Candidates().Add(row);
                existing.Add(row);
                added++;
            }
            else if (row.Status == LinkStatus.Open)
            {
                row.Probability = a.Probability;
                row.Summary = Clip(a.Summary);
            }
        }
        await db.SaveChangesAsync(ct);
        return added;
    }

    private static string Clip(string s) => s.Length <= 4000 ? s : s[..3997] + "...";
}
