using System.Data.Common;

namespace Vigil.Web.Features.Backup;

/// <summary>What a backup holds, taken in the same snapshot as the data: the row count of every table and the head
/// of the audit chain. A restore is checked against it.</summary>
public sealed record BackupManifest(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("store")] string Store,
    [property: JsonPropertyName("taken_at")] DateTimeOffset TakenAt,
    [property: JsonPropertyName("tables")] SortedDictionary<string, long> Tables,
    [property: JsonPropertyName("audit_head_sequence")] long AuditHeadSequence,
    [property: JsonPropertyName("audit_head_hash")] string? AuditHeadHash,
    [property: JsonPropertyName("family_uploads")] int FamilyUploads = 0)
{
    /// <summary>2 added the family uploads (ADR 1595); a format 1 backup holds none and still restores.</summary>
    public const int CurrentFormat = 2;
    public const int OldestReadable = 1;
    public const string EntryName = "manifest.json";
}

/// <summary>Counts rows with the table and column names of the EF model, so a new table is counted without a change here.</summary>
public static class StoreCensus
{
    public static IReadOnlyList<string> Tables(VigilDbContext db) =>
        db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>()
            .Append("__EFMigrationsHistory").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public static async Task<(SortedDictionary<string, long> Tables, long HeadSequence, string? HeadHash)> TakeAsync(
        VigilDbContext model, DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in Tables(model))
            counts[table] = Convert.ToInt64(await ScalarAsync(connection, transaction, $"SELECT COUNT(*) FROM \"{table}\"", ct), System.Globalization.CultureInfo.InvariantCulture);
        var audit = model.Model.FindEntityType(typeof(AuditEntry))!;
        string Column(string property) => audit.FindProperty(property)!.GetColumnName();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT \"{Column(nameof(AuditEntry.Sequence))}\", \"{Column(nameof(AuditEntry.Hash))}\" FROM \"{audit.GetTableName()}\" ORDER BY 1 DESC LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (counts, reader.GetInt64(0), reader.GetString(1)) : (counts, 0, null);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }
}
