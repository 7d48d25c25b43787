using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Storage;

namespace Vigil.Data.Audit;

/// <summary>Reads audit entries in sequence order straight from the connection: verifying a million entries should
/// cost the hashing, not EF's materialisation. One streaming query, constant memory.</summary>
public static class AuditEntryStream
{
    private const string Columns = "\"Sequence\", \"At\", \"Actor\", \"Action\", \"EntityType\", \"EntityId\", \"CaseId\", \"Changes\", \"PreviousHash\", \"Hash\"";

    /// <summary>Entries with after &lt; Sequence ≤ upto (all after <paramref name="after"/> when upto is null).</summary>
    public static async IAsyncEnumerable<AuditEntry> ReadAsync(VigilDbContext db, long after, long? upto, [EnumeratorCancellation] CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = $"SELECT {Columns} FROM audit_entries WHERE \"Sequence\" > @after"
                + (upto is null ? "" : " AND \"Sequence\" <= @upto") + " ORDER BY \"Sequence\"";
            Add(command, "@after", after);
            if (upto is { } u) Add(command, "@upto", u);
            command.CommandTimeout = 0; // a million rows on a busy host may take longer than the default 30 s
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
            while (await reader.ReadAsync(ct))
                yield return Read(reader);
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }

    private static AuditEntry Read(DbDataReader r) => new()
    {
        Sequence = r.GetInt64(0),
        At = DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc),
        Actor = r.GetString(2),
        Action = r.GetString(3),
        EntityType = r.GetString(4),
        EntityId = r.GetString(5),
        CaseId = r.IsDBNull(6) ? null : r.GetGuid(6),
        Changes = r.GetString(7),
        PreviousHash = r.GetString(8),
        Hash = r.GetString(9),
    };

    private static void Add(DbCommand command, string name, long value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
