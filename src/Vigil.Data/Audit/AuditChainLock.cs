using Microsoft.EntityFrameworkCore.Storage;

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

    /// <summary>Takes the lock for the current transaction and reads the chain's last entry (null when the chain is
    /// empty). On PostgreSQL the lock and the read go in one command, so one round trip (with Npgsql's BEGIN in front
    /// of it, the transaction's first): the read runs after the lock is granted, in the same transaction, as when they
    /// were two commands (ADR 2282).</summary>
    public static async Task<(long Sequence, string Hash)?> AcquireAndReadHeadAsync(DbContext db, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            var last = await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
            return last is null ? null : (last.Sequence, last.Hash);
        }
        var table = db.Model.FindEntityType(typeof(AuditEntry))!.GetTableName();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (db.Database.GetCommandTimeout() is { } timeout) command.CommandTimeout = timeout;
        command.CommandText = $"SELECT pg_advisory_xact_lock({PostgresLockKey}); "
            + $"SELECT \"{nameof(AuditEntry.Sequence)}\", \"{nameof(AuditEntry.Hash)}\" FROM \"{table}\" ORDER BY \"{nameof(AuditEntry.Sequence)}\" DESC LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }
}
