using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore.Storage;

namespace Vigil.Data.Bulk;

/// <summary>Multi-row INSERT statements for a <see cref="BulkTable"/>, parameters made by the EF type mappings (so value
/// converters and provider types apply exactly as in a normal save), inside the save's transaction.</summary>
internal sealed class BulkWriter(DbConnection connection, DbTransaction transaction, ISqlGenerationHelper sql, int? timeout)
{
    // SQLite binds at most 32,766 parameters per statement, PostgreSQL 65,535.
    private const int MaxParameters = 30_000;
    private const int MaxRows = 1_000;

    public async Task InsertAsync(BulkTable table, CancellationToken ct)
    {
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Table.Name, table.Table.Schema)} ({string.Join(", ", table.Columns.Select(c => sql.DelimitIdentifier(c.Name)))}) VALUES ";
        var perStatement = Math.Clamp(MaxParameters / Math.Max(1, table.Columns.Count), 1, MaxRows);
        foreach (var chunk in table.Rows.Chunk(perStatement))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            if (timeout is { } seconds) command.CommandTimeout = seconds;
            var text = new StringBuilder(head, head.Length + chunk.Length * table.Columns.Count * 8);
            var n = 0;
            for (var r = 0; r < chunk.Length; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    var column = table.Columns[c];
                    var (value, mapping, _) = BulkPlan.ValueOf(column, chunk[r].Entries);
                    var name = string.Create(CultureInfo.InvariantCulture, $"@p{n++}");
                    var typeMapping = (mapping ?? column.PropertyMappings[0]).TypeMapping;
                    command.Parameters.Add(typeMapping.CreateParameter(command, name, value, column.IsNullable));
                    text.Append(c == 0 ? name : ", " + name);
                }
                text.Append(')');
            }
            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
