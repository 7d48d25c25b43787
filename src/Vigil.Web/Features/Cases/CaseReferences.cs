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

    public static string Format(int year, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"VGL-{year}-{number:000000}");

    public static string Exhibit(string caseReference, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{caseReference}/EX-{index:00}");
}
