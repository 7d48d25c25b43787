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
        var command = db.GetService<IRelationalCommandBuilderFactory>().Create().Append(LockAndHeadStatements(db)).Build();
        await using var reader = await command.ExecuteReaderAsync(new RelationalCommandParameterObject(
            db.GetService<IRelationalConnection>(), null, null, db, db.GetService<IRelationalCommandDiagnosticsLogger>()), ct);
        await reader.DbDataReader.NextResultAsync(ct);
        return await ReadHeadAsync(reader.DbDataReader, ct);
    }

    /// <summary>PostgreSQL: the lock's statement and the head's, each on its line and ended by ";", for a caller that sends
    /// them at the end of a command of its own (ADR 3206: the one command of a small bulk save's INSERTs). The head is
    /// the last result set of such a command (<see cref="ReadHeadAsync"/>).</summary>
    public static string LockAndHeadStatements(DbContext db) =>
        LockAndHeadSql.GetOrAdd(db.Model, _ => $"SELECT pg_advisory_xact_lock({PostgresLockKey});\n{HeadSql(db)};");

    /// <summary>The head from the reader positioned on the head statement's result set (null: the chain is empty).</summary>
    public static async Task<ChainHead?> ReadHeadAsync(System.Data.Common.DbDataReader reader, CancellationToken ct) =>
        await reader.ReadAsync(ct) ? new ChainHead(reader.GetInt64(0), reader.GetString(1)) : null;

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

/// <summary>The chain's lock is held by this transaction and <see cref="Head"/> was read under it (null: the chain was
/// empty), in the round trip of a save's writes (ADR 3206).</summary>
public sealed record TakenChainHead(ChainHead? Head);
