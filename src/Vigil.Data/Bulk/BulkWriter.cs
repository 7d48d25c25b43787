using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Vigil.Data.Diagnostics;

namespace Vigil.Data.Bulk;

/// <summary>Writes a <see cref="BulkTable"/> inside the save's transaction: PostgreSQL binary COPY, SQLite a prepared
/// INSERT re-bound per row. Values and types come from the EF model (value converters, store types), exactly as in a
/// normal save (ADR 1132, 1331).</summary>
internal sealed class BulkWriter(DbConnection connection, DbTransaction transaction, ISqlGenerationHelper sql, int? timeout)
{
    // SQLite binds at most 32,766 parameters per statement, PostgreSQL 65,535.
    private const int MaxParameters = 30_000;
    private const int MaxRows = 1_000;

    public async Task InsertAsync(BulkTable table, CancellationToken ct)
    {
        // Per table, so that `vigil bench import` shows which table's writes (indexes, FTS triggers) cost most.
        using (StageClock.Measure("    bulk " + table.Table.Name))
            await (connection switch
            {
                Microsoft.Data.Sqlite.SqliteConnection when table.Table.Name == DeferredFullText.ContentTable =>
                    DeferredFullText.WriteAsync(NewCommand, () => InsertRowByRowAsync(table, ct), ct),
                Microsoft.Data.Sqlite.SqliteConnection => InsertRowByRowAsync(table, ct),
                NpgsqlConnection npgsql => BulkCopy.WriteAsync(npgsql, table, sql, ct),
                _ => InsertMultiRowAsync(table, ct),
            });
    }

    /// <summary>SQLite: one prepared single-row statement, re-bound per row. SQLite looks a named parameter up by a
    /// linear scan, so a statement of thousands of parameters costs quadratic time; a prepared statement costs only
    /// the step, and there is no round trip to save. Each column's parameter is made once, as EF Core makes it (type,
    /// size, provider settings), and only its value changes from row to row (ADR 1903). The values go into the native
    /// statement by position (ADR 2341), unless a column's type is one only Microsoft.Data.Sqlite binds.</summary>
    private async Task InsertRowByRowAsync(BulkTable table, CancellationToken ct)
    {
        await using var command = NewCommand();
        var columns = table.Columns;
        var names = columns.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"@p{i}")).ToArray();
        command.CommandText = $"{Head(table)}({string.Join(", ", names)})";
        var reader = new BulkValues(columns);
        var values = new object?[columns.Count];
        var made = new RelationalTypeMapping?[columns.Count];
        using var binder = BindsNatively(command, columns) ? new SqliteRowBinder((Microsoft.Data.Sqlite.SqliteConnection)connection, command.CommandText) : null;
        var parameters = new Microsoft.Data.Sqlite.SqliteParameter[columns.Count];
        foreach (var row in table.Rows)
        {
            reader.Read(row, values);
            for (var c = 0; c < columns.Count; c++)
            {
                var mapping = (reader.Mappings[c] ?? columns[c].PropertyMappings[0]).TypeMapping;
                if (!ReferenceEquals(made[c], mapping))
                {
                    // Made again only when another entity type of the table maps the column with another type mapping.
                    var parameter = mapping.CreateParameter(command, names[c], null, columns[c].IsNullable);
                    if (made[c] is null) command.Parameters.Add(parameter);
                    else command.Parameters[c] = parameter;
                    parameters[c] = (Microsoft.Data.Sqlite.SqliteParameter)parameter;
                    made[c] = mapping;
                }
                if (binder is null) command.Parameters[c].Value = values[c] ?? DBNull.Value;
            }
            if (binder is null) await command.ExecuteNonQueryAsync(ct);
            else
            {
                ct.ThrowIfCancellationRequested();
                binder.Execute(values, parameters);
            }
        }
    }

    /// <summary>Whether <see cref="SqliteRowBinder"/> binds every type any of the table's columns can hold, as the
    /// parameter EF Core makes for it would be bound.</summary>
    private static bool BindsNatively(DbCommand command, IReadOnlyList<IColumn> columns)
    {
        foreach (var column in columns)
            foreach (var m in column.PropertyMappings)
            {
                var parameter = (Microsoft.Data.Sqlite.SqliteParameter)m.TypeMapping.CreateParameter(command, "@probe", null, column.IsNullable);
                if (!SqliteRowBinder.Binds(m.TypeMapping.Converter?.ProviderClrType ?? m.TypeMapping.ClrType, parameter.SqliteType)) return false;
            }
        return true;
    }

    /// <summary>Any other provider: up to 1,000 rows per statement, one round trip each.</summary>
    private async Task InsertMultiRowAsync(BulkTable table, CancellationToken ct)
    {
        var head = Head(table);
        var perStatement = Math.Clamp(MaxParameters / Math.Max(1, table.Columns.Count), 1, MaxRows);
        var reader = new BulkValues(table.Columns);
        var values = new object?[table.Columns.Count];
        foreach (var chunk in table.Rows.Chunk(perStatement))
        {
            await using var command = NewCommand();
            var text = new StringBuilder(head, head.Length + chunk.Length * table.Columns.Count * 8);
            var n = 0;
            for (var r = 0; r < chunk.Length; r++)
            {
                reader.Read(chunk[r], values);
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    var name = string.Create(CultureInfo.InvariantCulture, $"@p{n++}");
                    // The value is the provider's already (BulkValues): the parameter is made empty, then given it.
                    var parameter = (reader.Mappings[c] ?? table.Columns[c].PropertyMappings[0]).TypeMapping.CreateParameter(command, name, null, table.Columns[c].IsNullable);
                    parameter.Value = values[c] ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                    text.Append(c == 0 ? name : ", " + name);
                }
                text.Append(')');
            }
            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private DbCommand NewCommand(string text)
    {
        var command = NewCommand();
        command.CommandText = text;
        return command;
    }

    private DbCommand NewCommand()
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        if (timeout is { } seconds) command.CommandTimeout = seconds;
        return command;
    }

    private string Head(BulkTable table) =>
        $"INSERT INTO {sql.DelimitIdentifier(table.Table.Name, table.Table.Schema)} ({string.Join(", ", table.Columns.Select(c => sql.DelimitIdentifier(c.Name)))}) VALUES ";
}
