using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Vigil.Data.Audit;
using Vigil.Data.Diagnostics;

namespace Vigil.Data.Bulk;

/// <summary>PostgreSQL, a save of few new rows (an API import of a few deaths): every table's rows in ONE command, where
/// a binary COPY per table costs two round trips each (start, then data and end) — 11 tables, 22 round trips, for five
/// deaths (ADR 1607). Each table is one statement, <c>INSERT … SELECT * FROM unnest(@column1, @column2, …)</c>, one array
/// parameter per column: its text is the same whatever the row count, so Npgsql's automatic preparation sees one
/// statement a table, not one per count that would crowd the pages' statements out. Sent through EF's command pipeline
/// (logged, intercepted, counted); values and store types as for the COPY (<see cref="BulkValues"/>, the EF model).</summary>
internal static class OneCommandInsert
{
    /// <summary>Rows of all tables together up to which one command beats a COPY per table. A five-death import is about
    /// 150; a first-day batch of 1,000 deaths (about 14,000) keeps the COPY, which streams without building arrays.</summary>
    public const int MaxRows = 600;

    public static bool Suits(DbContext db, BulkPlan plan) =>
        db.Database.IsNpgsql() && plan.Tables.Sum(t => t.Rows.Count) <= MaxRows
        && plan.Tables.All(t => t.Columns.All(c => !c.StoreType.EndsWith("[]", StringComparison.Ordinal))); // no arrays of arrays

    /// <param name="withChainHead">The audit chain's lock and head statements end the command (ADR 3206); the head read
    /// under the lock is returned (null: the chain is empty, or not asked).</param>
    public static async Task<ChainHead?> InsertAsync(DbContext db, IReadOnlyList<BulkTable> tables, bool withChainHead, CancellationToken ct)
    {
        using var _ = StageClock.Measure("    bulk (one command)");
        var builder = db.GetService<IRelationalCommandBuilderFactory>().Create();
        var sql = db.GetService<ISqlGenerationHelper>();
        var n = 0;
        foreach (var table in tables)
        {
            var columns = table.Columns;
            var values = ColumnValues(table);
            var names = new string[columns.Count];
            for (var c = 0; c < columns.Count; c++)
            {
                names[c] = string.Create(CultureInfo.InvariantCulture, $"b{n++}");
                builder.AddRawParameter(names[c], new NpgsqlParameter(sql.GenerateParameterName(names[c]), values[c])
                {
                    DataTypeName = BulkCopy.DataTypeName(columns[c].StoreType) + "[]",
                });
            }
            builder.Append($"INSERT INTO {sql.DelimitIdentifier(table.Table.Name, table.Table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) ")
                .AppendLine($"SELECT * FROM unnest({string.Join(", ", names.Select(sql.GenerateParameterNamePlaceholder))});");
        }
        var parameters = new RelationalCommandParameterObject(
            db.GetService<IRelationalConnection>(), null, null, db, db.GetService<IRelationalCommandDiagnosticsLogger>());
        if (!withChainHead)
        {
            await builder.Build().ExecuteNonQueryAsync(parameters, ct);
            return null;
        }
        // The INSERTs, the lock and the head: statements run in order, so the lock is granted once every row is written
        // and the head's snapshot, taken after the grant, sees the previous holder's commit (ADR 1604).
        builder.Append(AuditChainLock.LockAndHeadStatements(db));
        await using var reader = await builder.Build().ExecuteReaderAsync(parameters, ct);
        while (reader.DbDataReader.FieldCount == 0 || reader.DbDataReader.GetName(0) == "pg_advisory_xact_lock")
            if (!await reader.DbDataReader.NextResultAsync(ct)) throw new InvalidOperationException("the command of INSERTs returned no chain head");
        return await AuditChainLock.ReadHeadAsync(reader.DbDataReader, ct);
    }

    /// <summary>Each column's provider values as a typed array (a nullable element type for value types), in row order.</summary>
    private static Array[] ColumnValues(BulkTable table)
    {
        var columns = table.Columns;
        var rows = new object?[table.Rows.Count][];
        var reader = new BulkValues(columns);
        var types = new Type?[columns.Count];
        for (var r = 0; r < rows.Length; r++)
        {
            reader.Read(table.Rows[r], rows[r] = new object?[columns.Count]);
            for (var c = 0; c < columns.Count; c++)
                types[c] ??= rows[r][c]?.GetType();
        }
        var arrays = new Array[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            // A column null in every row: the type its mapping writes.
            var mapping = columns[c].PropertyMappings[0].TypeMapping;
            var type = types[c] ?? mapping.Converter?.ProviderClrType ?? mapping.ClrType;
            if (type.IsValueType && Nullable.GetUnderlyingType(type) is null) type = typeof(Nullable<>).MakeGenericType(type);
            var array = Array.CreateInstance(type, rows.Length);
            for (var r = 0; r < rows.Length; r++) array.SetValue(rows[r][c], r);
            arrays[c] = array;
        }
        return arrays;
    }
}
