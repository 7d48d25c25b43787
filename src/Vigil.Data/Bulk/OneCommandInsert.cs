using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Vigil.Data.Diagnostics;

namespace Vigil.Data.Bulk;

/// <summary>PostgreSQL, a save of few new rows (an API import of a few deaths): every table's rows as multi-row INSERTs
/// in ONE command, where a binary COPY per table costs two round trips each (start, then data and end) — 11 tables, 22
/// round trips, for five deaths (ADR 1607). Sent through EF's command pipeline, so logging, interceptors and statement
/// counts see it; values and types come from the EF model as for the COPY (<see cref="BulkValues"/>).</summary>
internal static class OneCommandInsert
{
    /// <summary>Rows of all tables together up to which one command beats a COPY per table. A five-death import is about
    /// 150; a first-day batch of 1,000 deaths (about 14,000) keeps the COPY, which streams without parsing parameters.</summary>
    public const int MaxRows = 600;

    /// <summary>PostgreSQL binds at most 65,535 parameters a statement: a table's rows go as several statements beyond this.</summary>
    private const int MaxParametersAStatement = 30_000;

    public static bool Suits(DbContext db, BulkPlan plan) => db.Database.IsNpgsql() && plan.Tables.Sum(t => t.Rows.Count) <= MaxRows;

    public static async Task InsertAsync(DbContext db, IReadOnlyList<BulkTable> tables, CancellationToken ct)
    {
        using var _ = StageClock.Measure("    bulk (one command)");
        var builder = db.GetService<IRelationalCommandBuilderFactory>().Create();
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.GetService<IRelationalConnection>();
        // Only makes the parameters (each with its type mapping's provider settings); never executed.
        await using var maker = connection.DbConnection.CreateCommand();
        var n = 0;
        foreach (var table in tables)
        {
            var head = $"INSERT INTO {sql.DelimitIdentifier(table.Table.Name, table.Table.Schema)} ({string.Join(", ", table.Columns.Select(c => sql.DelimitIdentifier(c.Name)))}) VALUES";
            var perStatement = Math.Clamp(MaxParametersAStatement / Math.Max(1, table.Columns.Count), 1, 1000);
            var reader = new BulkValues(table.Columns);
            var values = new object?[table.Columns.Count];
            for (var r = 0; r < table.Rows.Count; r++)
            {
                if (r % perStatement == 0)
                {
                    if (r > 0) builder.AppendLine(";");
                    builder.AppendLine(head);
                }
                reader.Read(table.Rows[r], values);
                builder.Append(r % perStatement == 0 ? "(" : ",\n(");
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    var name = string.Create(CultureInfo.InvariantCulture, $"b{n++}");
                    // The value is the provider's already (BulkValues): the parameter is made empty, then given it.
                    var parameter = (reader.Mappings[c] ?? table.Columns[c].PropertyMappings[0]).TypeMapping
                        .CreateParameter(maker, sql.GenerateParameterName(name), null, table.Columns[c].IsNullable);
                    parameter.Value = values[c] ?? DBNull.Value;
                    builder.AddRawParameter(name, parameter);
                    builder.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                }
                builder.Append(")");
            }
            builder.AppendLine(";");
        }
        await builder.Build().ExecuteNonQueryAsync(new RelationalCommandParameterObject(
            connection, null, null, db, db.GetService<IRelationalCommandDiagnosticsLogger>()), ct);
    }
}
