using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Web.Features.Import;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>A large import batch's data rows are written after their audit entries are described and before the audit
/// chain's lock and head are taken, on the save's one thread (ADR 3211; ADR 3210 had them beside the descriptions on a
/// second thread): the head statement, run in the batch's transaction, finds every case of the batch already written.
/// Before, the lock and head came first and the rows after, so the chain's lock — every audited save's queue — was held
/// for the batch's whole write.</summary>
public abstract class RowsBesideAuditTests : IAsyncLifetime
{
    /// <summary>Above both thresholds of a large save: 600 rows in all (ADR 1607) and 256 entries (ADR 1605).</summary>
    private const int Deaths = 300;

    private readonly HeadProbe probe = new();
    private readonly VigilAppFactory app;

    protected RowsBesideAuditTests(Func<Action<IServiceCollection>, VigilAppFactory> newApp) =>
        app = newApp(s => s.AddSingleton<IInterceptor>(probe));

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task ALargeBatch_IsWrittenBeforeTheChainsHeadIsRead_AndEveryCaseHasItsEntry()
    {
        var team = await app.TeamIdAsync("beside-" + Guid.NewGuid().ToString("N")[..6]);
        var source = "beside-" + Guid.NewGuid().ToString("N")[..6];
        var lines = Enumerable.Range(1, Deaths).Select(n => new Vigil.Records.ParsedLine(n, Samples.Record(source: source), null, [])).ToList();
        probe.Source = source;

        var summary = await app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>()
            .ImportAsync(lines, new ImportOptions(team, "test", BatchSize: Deaths) { WaitForLinkage = false }, null, default));

        probe.Source = null;
        Assert.Equal(Deaths, summary.Created);
        // The batch's own head read: every one of its cases written in its transaction, none of their entries yet. (Saves
        // after its commit, by the linkage worker, see both; before this change the batch's read saw neither.)
        Assert.Contains((Deaths, 0L), probe.AtHead);
        var cases = await app.WithDbAsync(db => db.Cases.Where(c => c.Source == source).Select(c => c.Id).ToListAsync());
        var audited = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "DeathCase" && e.Action == "create")
            .Select(e => e.EntityId).ToListAsync());
        Assert.Equal(Deaths, cases.Count);
        Assert.All(cases, id => Assert.Contains(id.ToString(), audited));
    }

    /// <summary>At each read of the chain's head (on PostgreSQL with its lock) in a transaction, once an import of
    /// <see cref="Source"/> has begun: how many of its cases that transaction sees, and how many cases' "create" entries.</summary>
    private sealed class HeadProbe : DbCommandInterceptor
    {
        public string? Source { get; set; }

        public List<(long Cases, long Entries)> AtHead { get; } = [];

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Source is { } source && command.Transaction is not null && IsChainHead(command.CommandText))
            {
                var cases = await CountAsync(command, "SELECT count(*) FROM cases WHERE \"Source\" = @source", source, cancellationToken);
                var entries = await CountAsync(command, "SELECT count(*) FROM audit_entries WHERE \"EntityType\" = 'DeathCase' AND \"Action\" = 'create'", null, cancellationToken);
                lock (AtHead) AtHead.Add((cases, entries));
            }
            return result;
        }

        private static async Task<long> CountAsync(DbCommand on, string sql, string? source, CancellationToken ct)
        {
            await using var count = on.Connection!.CreateCommand();
            count.Transaction = on.Transaction;
            count.CommandText = sql;
            if (source is not null)
            {
                var parameter = count.CreateParameter();
                parameter.ParameterName = "@source";
                parameter.Value = source;
                count.Parameters.Add(parameter);
            }
            return Convert.ToInt64(await count.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }

        private static bool IsChainHead(string sql) =>
            sql.Contains("audit_entries", StringComparison.Ordinal) && sql.Contains("DESC", StringComparison.Ordinal)
            && sql.Contains("LIMIT 1", StringComparison.Ordinal) && !sql.Contains("INSERT", StringComparison.Ordinal);
    }
}

public sealed class RowsBesideAuditTests_Sqlite() : RowsBesideAuditTests(changes => new SqliteApp { ServiceChanges = changes });

public sealed class RowsBesideAuditTests_Postgres() : RowsBesideAuditTests(changes => new PostgresApp { ServiceChanges = changes });
