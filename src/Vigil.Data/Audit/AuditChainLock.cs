
namespace Vigil.Data.Audit;

/// <summary>Serialises appends to the audit chain across processes (web, CLI import) for the current transaction; also
/// the store-wide lock under which a new store's first keys are made (ADR 1131).</summary>
public static class AuditChainLock
{
    // Arbitrary but fixed: every Vigil process must use the same advisory lock key.
    public const long PostgresLockKey = 0x5649_4749_4C00; // "VIGIL"

    public static async Task AcquireAsync(DbContext db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({PostgresLockKey})", ct);
        // SQLite: Microsoft.Data.Sqlite begins transactions with BEGIN IMMEDIATE, which already takes the
        // database's single write lock, so a second writer waits (busy timeout) instead of forking the chain.
    }
}
