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

    /// <summary>Undecided pairs (open or lapsed) either of whose deaths is one of <paramref name="caseIds"/> (ADR 3142).</summary>
    public static IQueryable<LinkCandidate> UndecidedPairsOf(VigilDbContext db, Guid[] caseIds) =>
        db.Candidates().AsNoTracking().Where(c => (c.Status == LinkStatus.Open || c.Status == LinkStatus.Lapsed)
            && (EF.Parameter(caseIds).Contains(c.NewerCaseId) || EF.Parameter(caseIds).Contains(c.EarlierCaseId)));

    /// <summary>Deaths proposed (undecided: proposed or lapsed) to one of <paramref name="seriesIds"/>, as (series, case)
    /// (ADR 3145, 3149).</summary>
    public static IQueryable<Proposal> ProposedIn(VigilDbContext db, Guid[] seriesIds) =>
        db.SeriesMembers().AsNoTracking().Where(m => (m.Status == MemberStatus.Proposed || m.Status == MemberStatus.Lapsed)
            && EF.Parameter(seriesIds).Contains(m.SeriesId))
            .Select(m => new Proposal(m.SeriesId, m.CaseId));

    /// <summary>A death proposed to a series, not yet decided there.</summary>
    public sealed record Proposal(Guid SeriesId, Guid CaseId);

    /// <summary>Cases with a save not yet compared by the linkage worker.</summary>
    public static IQueryable<Guid> Queued(VigilDbContext db) => db.Outbox().Where(o => o.DoneAt == null).Select(o => o.CaseId);

    /// <summary>A case's id and the version of it last saved.</summary>
    public sealed record CaseVersion(Guid Id, int Version);

    /// <summary>The audit chain's last sequence (0 when empty). Every change to a case appends to the chain in the
    /// change's own transaction, under the chain's lock held to the commit, so sequences become visible in order: once a
    /// reader sees sequence N, every change numbered below N is visible too (ADR 2281).</summary>
    public static async Task<long> AuditHeadAsync(VigilDbContext db, CancellationToken ct) =>
        await db.AuditEntries.MaxAsync(e => (long?)e.Sequence, ct) ?? 0;

    /// <summary>Cases changed by audited saves numbered in (<paramref name="after"/>, <paramref name="upTo"/>] and not
    /// queued: what each catch-up reads for saves made elsewhere that do not pass the outbox (a classification, the
    /// officer in charge), through the chain's primary key, so only the entries since the last look are read (ADR 2281;
    /// before it, every case saved in the last minute, ADR 1594).</summary>
    public static IQueryable<CaseVersion> ChangedBetween(VigilDbContext db, long after, long upTo)
    {
        var queued = Queued(db);
        return db.AuditEntries.AsNoTracking()
            .Where(e => e.Sequence > after && e.Sequence <= upTo && e.EntityType == nameof(DeathCase) && e.CaseId != null && !queued.Contains(e.CaseId!.Value))
            .Join(db.Cases, e => e.CaseId, c => (Guid?)c.Id, (e, c) => new CaseVersion(c.Id, c.Version));
    }

    /// <summary>A member of a series as it stands now; <see cref="Confirmed"/> only in a confirmed series;
    /// <see cref="Touched"/> when the case's own membership rows changed (its rows then list every series it is in).</summary>
    public sealed record Membership(Guid SeriesId, Guid CaseId, bool Rejected, bool Confirmed, bool Touched);

    /// <summary>Every member of each series whose membership changed in audited saves numbered in
    /// (<paramref name="after"/>, <paramref name="upTo"/>]: a candidate series another node's engine proposed, a death
    /// it proposed to a series, an analyst's confirmation or rejection there. Without them a node's index would not
    /// know the series another node created, and would propose the next death of it as a second candidate series.</summary>
    public static IQueryable<Membership> SeriesChangedBetween(VigilDbContext db, long after, long upTo)
    {
        var touchedCases = db.AuditEntries
            .Where(e => e.Sequence > after && e.Sequence <= upTo && e.EntityType == nameof(LinkedSeriesMember) && e.CaseId != null)
            .Select(e => e.CaseId!.Value);
        var touchedSeries = db.SeriesMembers().Where(m => touchedCases.Contains(m.CaseId)).Select(m => m.SeriesId);
        return db.SeriesMembers().AsNoTracking().Where(m => touchedSeries.Contains(m.SeriesId))
            .Join(db.Series(), m => m.SeriesId, s => s.Id, (m, s) => new Membership(m.SeriesId, m.CaseId,
                m.Status == MemberStatus.Rejected, m.Status == MemberStatus.Confirmed && s.Status == SeriesStatus.Confirmed,
                touchedCases.Contains(m.CaseId)));
    }

    /// <summary>A case whose outbox row was marked done after a given moment, and when.</summary>
    public sealed record Linked(Guid Id, int Version, DateTime DoneAt);

    /// <summary>Cases whose outbox rows were marked done after <paramref name="after"/> and that are not queued again.
    /// Marks only grow (<see cref="NextDoneAt"/>), so the latest one read is where the next look starts (ADR 2281).</summary>
    public static IQueryable<Linked> LinkedAfter(VigilDbContext db, DateTime after)
    {
        var queued = Queued(db);
        return db.Outbox().AsNoTracking().Where(o => o.DoneAt > after && !queued.Contains(o.CaseId))
            .Join(db.Cases, o => o.CaseId, c => c.Id, (o, c) => new Linked(c.Id, c.Version, o.DoneAt!.Value));
    }

    /// <summary>The done mark for the worker's next batch: now, but always after the latest mark stored, whatever this
    /// node's clock says. Read inside the batch's transaction while it holds the worker's lease (SQLite: the write lock),
    /// so the batches that committed before it are all visible and every mark is above theirs; a reader that has seen
    /// mark M has therefore seen every batch marked at or below M (ADR 2281). Whole microseconds, and a millisecond
    /// above the last, so PostgreSQL's microsecond timestamps keep the order strict.</summary>
    public static async Task<DateTime> NextDoneAt(VigilDbContext db, DateTime now, CancellationToken ct)
    {
        var last = await LastLinkedAsync(db, ct);
        now = new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc);
        return last == DateTime.MinValue || now >= last.AddMilliseconds(1) ? now : DateTime.SpecifyKind(last.AddMilliseconds(1), DateTimeKind.Utc);
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
