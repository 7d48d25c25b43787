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
}
