using System.Runtime.CompilerServices;

namespace Vigil.Web.Features.Linkage;

/// <summary>The linkage tables, reached through <see cref="DbContext.Set{TEntity}"/> so the shared context needs no edit.</summary>
public static class LinkageStore
{
    public static DbSet<LinkCandidate> Candidates(this VigilDbContext db) => db.Set<LinkCandidate>();
    public static DbSet<LinkDecision> Decisions(this VigilDbContext db) => db.Set<LinkDecision>();
    public static DbSet<LinkedSeries> Series(this VigilDbContext db) => db.Set<LinkedSeries>();
    public static DbSet<LinkedSeriesMember> SeriesMembers(this VigilDbContext db) => db.Set<LinkedSeriesMember>();
    public static DbSet<Vigil.Data.Notifications.Notification> Notifications(this VigilDbContext db) => db.Set<Vigil.Data.Notifications.Notification>();

    public static DbSet<LinkageOutboxRow> Outbox(this VigilDbContext db) => db.Set<LinkageOutboxRow>();

    /// <summary>Cases with a save not yet compared by the linkage worker.</summary>
    public static IQueryable<Guid> Queued(VigilDbContext db) => db.Outbox().Where(o => o.DoneAt == null).Select(o => o.CaseId);

    /// <summary>A case's id and the version of it last saved.</summary>
    public sealed record CaseVersion(Guid Id, int Version);

    /// <summary>Cases saved at or after <paramref name="since"/> and not queued: what each batch's catch-up reads, through
    /// the index on UpdatedAt (without it, every batch scanned every case: 200 ms at 30,000 cases, ADR 1594).</summary>
    public static IQueryable<CaseVersion> SavedSince(VigilDbContext db, DateTime since)
    {
        var queued = Queued(db);
        return db.Cases.AsNoTracking().Where(c => c.UpdatedAt >= since && !queued.Contains(c.Id)).Select(c => new CaseVersion(c.Id, c.Version));
    }

    /// <summary>When the worker last marked a row done (MinValue when never).</summary>
    public static async Task<DateTime> LastLinkedAsync(VigilDbContext db, CancellationToken ct) =>
        await db.Outbox().Where(o => o.DoneAt != null).MaxAsync(o => o.DoneAt, ct) ?? DateTime.MinValue;

    /// <summary>Every case already compared (none still queued: the worker compares those first) with what the engine
    /// compares, oldest death first, a page at a time. Queued cases are left out by the query, not after loading them:
    /// right after a bulk import nearly every case is queued, and loading them all to throw them away cost the catch-up's
    /// first batch seconds (ADR 1531). The order is read once, as ids, and the pages loaded by id: rows that leave the
    /// queue while the index is built (done on another node) cannot shift a page boundary and make it skip a case.</summary>
    public static async IAsyncEnumerable<DeathCase> CasesInFoundOrder(VigilDbContext db, int pageSize, [EnumeratorCancellation] CancellationToken ct)
    {
        var queued = Queued(db);
        var order = await db.Cases.AsNoTracking().Where(c => !queued.Contains(c.Id)).OrderBy(c => c.FoundAt).ThenBy(c => c.Id)
            .Select(c => c.Id).ToListAsync(ct);
        foreach (var chunk in order.Chunk(pageSize))
        {
            var position = chunk.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
            var page = await WithFacts(db, chunk).ToListAsync(ct);
            foreach (var c in page.OrderBy(c => position[c.Id])) yield return c;
        }
    }

    /// <summary>The cases with these ids and what the engine compares (people with their register entries, toxicology),
    /// untracked. The ids go to the store as ONE parameter (SQLite: <c>json_each</c>; PostgreSQL: an array): EF Core 10
    /// otherwise expands a list into one parameter per id, and re-processes the 500-value IN list for every one of the
    /// split query's three statements at every execution. That processing was two thirds of the worker's batch reads on
    /// SQLite, and why they took 4.7x PostgreSQL's time (ADR 1801).</summary>
    public static IQueryable<DeathCase> WithFacts(VigilDbContext db, IReadOnlyCollection<Guid> ids)
    {
        var list = ids as Guid[] ?? [.. ids];
        return db.Cases.AsNoTracking().Where(c => EF.Parameter(list).Contains(c.Id))
            .Include(c => c.People).ThenInclude(p => p.Person).Include(c => c.Toxicology).AsSplitQuery();
    }

    /// <summary>A stored analyst's decision as the model learns it: the case pair and the verdict.</summary>
    public sealed record PairDecision(Guid Id, DateTime DecidedAt, Guid Newer, Guid Earlier, bool Confirmed);

    /// <summary>Analysts' decisions made at or after <paramref name="since"/>, in the order made.</summary>
    public static Task<List<PairDecision>> DecisionsSinceAsync(VigilDbContext db, DateTime since, CancellationToken ct) =>
        db.Decisions().AsNoTracking().Where(d => d.DecidedAt >= since)
            .Join(db.Candidates(), d => d.CandidateId, c => c.Id, (d, c) => new { d.DecidedAt, d.Id, c.NewerCaseId, c.EarlierCaseId, d.Confirmed })
            .OrderBy(x => x.DecidedAt).ThenBy(x => x.Id)
            .Select(x => new PairDecision(x.Id, x.DecidedAt, x.NewerCaseId, x.EarlierCaseId, x.Confirmed)).ToListAsync(ct);
}
