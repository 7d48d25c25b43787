namespace Vigil.Web.Features.Cases;

/// <summary>Allocates case references. One atomic upsert reserves a block of numbers for a whole import batch;
/// both SQLite (3.35+) and PostgreSQL support INSERT … ON CONFLICT … RETURNING.</summary>
public static class CaseReferences
{
    public static async Task<long> ReserveAsync(VigilDbContext db, int year, int count, CancellationToken ct)
    {
        var last = await db.Database.SqlQuery<long>(
            $"INSERT INTO reference_counters (\"Year\", \"Next\") VALUES ({year}, {count}) ON CONFLICT (\"Year\") DO UPDATE SET \"Next\" = reference_counters.\"Next\" + {count} RETURNING \"Next\" AS \"Value\"")
            .ToListAsync(ct);
        return last[0] - count + 1;
    }

    /// <summary><see cref="ReserveAsync"/>, then the people register's lock (<see cref="StoreLocks.PeopleRegisterAsync"/>)
    /// in the same statement and round trip, on PostgreSQL (ADR 3196). The counter's row first and the register second,
    /// as a form's create takes them (its reference, then its people): taken the other way round, an import and a create
    /// of the same year could each hold what the other waits for. The projection runs once the counter's row is written,
    /// so the lock comes after it; the people look-ups that follow are later statements, whose snapshots see every entry
    /// the lock's last holder committed. SQLite takes no lock (its one writer is the lock).</summary>
    public static async Task<long> ReserveThenLockPeopleRegisterAsync(VigilDbContext db, int year, int count, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql()) return await ReserveAsync(db, year, count, ct);
        // pg_advisory_xact_lock returns void, whose text is empty: length 0 adds nothing to the number.
        var last = await db.Database.SqlQuery<long>(
            $"WITH r AS (INSERT INTO reference_counters (\"Year\", \"Next\") VALUES ({year}, {count}) ON CONFLICT (\"Year\") DO UPDATE SET \"Next\" = reference_counters.\"Next\" + {count} RETURNING \"Next\") SELECT r.\"Next\" + length(pg_advisory_xact_lock({StoreLocks.PeopleRegisterKey})::text) AS \"Value\" FROM r")
            .ToListAsync(ct);
        return last[0] - count + 1;
    }

    /// <summary>For an import batch of new records, on PostgreSQL, before its transaction (ADR 3214): whether the team
    /// holds any of these (source, ref) keys and, when it holds none, a block of references a year reserved in the same
    /// statement, which commits on its own. The year's counter row is then locked for this statement only, not from the
    /// batch's reference block to its COMMIT, where every import of the year queued behind the one before (ADR 3206). The
    /// years are written in ascending order, as <see cref="ReserveAsync"/>'s callers take them. Null when a key is held
    /// (the batch updates a case: it reads its cases and reserves in its transaction, as before); a batch that rolls back
    /// leaves its numbers unused (a gap in the year's series). The keys must be distinct, each with its record's year.</summary>
    public static async Task<Dictionary<int, long>?> ReserveForNewRecordsAsync(VigilDbContext db, Guid teamId,
        string[] sources, string[] refs, int[] years, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<ReservedBlock>($"""
            WITH line AS (SELECT s, r, y FROM unnest({sources}::text[], {refs}::text[], {years}::integer[]) AS t(s, r, y)),
            held AS (SELECT count(*)::bigint AS n FROM line WHERE EXISTS (
                SELECT 1 FROM cases AS c WHERE c."TeamId" = {teamId} AND c."Source" = line.s AND c."SourceRef" = line.r)),
            block AS (INSERT INTO reference_counters ("Year", "Next")
                SELECT y, count(*) FROM line WHERE (SELECT n FROM held) = 0 GROUP BY y ORDER BY y
                ON CONFLICT ("Year") DO UPDATE SET "Next" = reference_counters."Next" + excluded."Next" RETURNING "Year", "Next")
            SELECT "Year", "Next" FROM block UNION ALL SELECT 0, n FROM held
            """).ToListAsync(ct);
        if (rows.Single(r => r.Year == 0).Next > 0) return null;
        // Each year's first number: the block's last one, less the number of the batch's records of that year, plus one.
        return rows.Where(r => r.Year != 0).ToDictionary(r => r.Year, r => r.Next - years.Count(y => y == r.Year) + 1);
    }

    private sealed class ReservedBlock
    {
        public int Year { get; set; }
        public long Next { get; set; }
    }

    public static string Format(int year, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"VGL-{year}-{number:000000}");

    public static string Exhibit(string caseReference, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{caseReference}/EX-{index:00}");
}
