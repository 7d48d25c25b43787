using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Vigil.Data.Audit;

/// <summary>Writes chained entries (and the further cases they name) as one command, with the transaction's COMMIT at
/// its end when asked (ADR 1605): through EF's command pipeline, so its logging, interceptors and statement counts see
/// it, with the model's tables, columns and type mappings (one source of truth for the schema), one statement a line.</summary>
internal static class AuditRows
{
    internal const int RowsAStatement = 1000;

    public static async Task InsertAsync(VigilDbContext db, List<AuditEntry> entries, IReadOnlyList<AuditDraft> drafts, bool commit, CancellationToken ct)
    {
        var builder = db.GetService<IRelationalCommandBuilderFactory>().Create();
        var values = new Dictionary<string, object?>();
        var sql = db.GetService<ISqlGenerationHelper>();
        AppendInsert(builder, values, sql, db.Model.FindEntityType(typeof(AuditEntry))!, entries);
        var refs = new List<AuditCaseRef>();
        for (var i = 0; i < entries.Count; i++)
            foreach (var other in drafts[i].AlsoCases) refs.Add(new AuditCaseRef { CaseId = other, Sequence = entries[i].Sequence });
        if (refs.Count > 0) AppendInsert(builder, values, sql, db.Model.FindEntityType(typeof(AuditCaseRef))!, refs);
        if (commit) builder.AppendLine("COMMIT;");
        await builder.Build().ExecuteNonQueryAsync(new RelationalCommandParameterObject(
            db.GetService<IRelationalConnection>(), values, null, db, db.GetService<IRelationalCommandDiagnosticsLogger>()), ct);
    }

    private static void AppendInsert<T>(IRelationalCommandBuilder builder, Dictionary<string, object?> values, ISqlGenerationHelper sql,
        IEntityType entity, IReadOnlyList<T> rows) where T : class
    {
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var properties = entity.GetProperties().ToList();
        var insert = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) VALUES";
        for (var r = 0; r < rows.Count; r++)
        {
            // A statement takes at most 65,535 parameters: a large save's rows go as several statements.
            if (r % RowsAStatement == 0)
            {
                if (r > 0) builder.AppendLine(";");
                builder.AppendLine(insert);
            }
            builder.Append(r % RowsAStatement == 0 ? "(" : ",\n(");
            for (var c = 0; c < properties.Count; c++)
            {
                var property = properties[c];
                var name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"p{values.Count}");
                builder.AddParameter(name, sql.GenerateParameterName(name), property.GetRelationalTypeMapping(), property.IsNullable);
                values[name] = property.GetGetter().GetClrValue(rows[r]);
                builder.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
            }
            builder.Append(")");
        }
        builder.AppendLine(";");
    }
}
