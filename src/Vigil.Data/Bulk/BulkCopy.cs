using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Vigil.Data.Bulk;

/// <summary>PostgreSQL binary COPY of a <see cref="BulkTable"/> (ADR 1331): one stream per table instead of a
/// statement per thousand rows, so the server parses no SQL and no parameters. Each value is what EF Core would bind:
/// the property's value converter applied, written as the column's store type from the EF model (so the schema keeps
/// one source of truth). Runs on the save's connection, inside its transaction.</summary>
internal static partial class BulkCopy
{
    public static async Task WriteAsync(NpgsqlConnection connection, BulkTable table, ISqlGenerationHelper sql, CancellationToken ct)
    {
        var columns = table.Columns;
        var types = columns.Select(c => DataTypeName(c.StoreType)).ToArray();
        var copy = $"COPY {sql.DelimitIdentifier(table.Table.Name, table.Table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await connection.BeginBinaryImportAsync(copy, ct);
        var reader = new BulkValues(columns); // each value with its property's converter applied (ADR 1903)
        var values = new object?[columns.Count];
        foreach (var row in table.Rows)
        {
            reader.Read(row, values);
            await importer.StartRowAsync(ct);
            for (var c = 0; c < columns.Count; c++)
            {
                if (values[c] is not { } stored) await importer.WriteNullAsync(ct);
                else await importer.WriteAsync(stored, types[c], ct);
            }
        }
        await importer.CompleteAsync(ct);
    }

    /// <summary>"character varying(200)" → "character varying": COPY writes the value; the length is the column's to check.</summary>
    internal static string DataTypeName(string storeType) => Facets().Replace(storeType, "").Trim();

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Facets();
}
