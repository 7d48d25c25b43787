using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

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

    /// <summary>Takes the chain's lock and reads the chain's last entry (null: the chain is empty). On PostgreSQL both go
    /// in one round trip (ADR 1604): the lock is the cluster's one queue for every audited save, and under 50 users it
    /// was held 99 % of the time, so each round trip made while holding it is paid by every save queued behind. The
    /// head statement runs after the lock statement has returned and takes its own snapshot (READ COMMITTED), so it
    /// sees the previous holder's commit exactly as a separate statement would.</summary>
    public static async Task<ChainHead?> AcquireWithHeadAsync(DbContext db, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
            return await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence)
                .Select(e => new ChainHead(e.Sequence, e.Hash)).FirstOrDefaultAsync(ct);
        // Through EF's command pipeline, so its logging, interceptors and the statement counts see both statements. One
        // statement a line, each ended by ";": Npgsql sends them as two statements in one round trip.
        var sql = LockAndHeadSql.GetOrAdd(db.Model, _ => $"SELECT pg_advisory_xact_lock({PostgresLockKey});\n{HeadSql(db)};");
        var command = db.GetService<IRelationalCommandBuilderFactory>().Create().Append(sql).Build();
        await using var reader = await command.ExecuteReaderAsync(new RelationalCommandParameterObject(
            db.GetService<IRelationalConnection>(), null, null, db, db.GetService<IRelationalCommandDiagnosticsLogger>()), ct);
        await reader.DbDataReader.NextResultAsync(ct);
        return await reader.DbDataReader.ReadAsync(ct) ? new ChainHead(reader.DbDataReader.GetInt64(0), reader.DbDataReader.GetString(1)) : null;
    }

    /// <summary>The command's text, one per model: it is sent on every audited save.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IModel, string> LockAndHeadSql = new();

    /// <summary>The last entry's sequence and hash, named from the EF model (one source of truth for the schema).</summary>
    private static string HeadSql(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(AuditEntry))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
        var sequence = Column(nameof(AuditEntry.Sequence));
        return $"SELECT {sequence}, {Column(nameof(AuditEntry.Hash))} FROM {sql.DelimitIdentifier(table.Name, table.Schema)} ORDER BY {sequence} DESC LIMIT 1";
    }
}

/// <summary>The audit chain's last entry: where the next append continues from.</summary>
public sealed record ChainHead(long Sequence, string Hash);
