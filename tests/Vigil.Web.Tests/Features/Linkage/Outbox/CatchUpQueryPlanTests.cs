using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>Before every batch it compares, a node's linkage index reads what changed since it last looked: audit
/// entries after its last sequence (<see cref="LinkageStore.ChangedBetween"/>) and outbox rows done after its last mark
/// (<see cref="LinkageStore.LinkedAfter"/>), and the series whose members changed in those entries
/// (<see cref="LinkageStore.SeriesChangedBetween"/>). Every read must go through an index: as a scan of every case the catch-up
/// took 200 ms a batch at 30,000 cases and the worker fell minutes behind under 50 users (ADR 1594). The plan is read
/// from the database itself, with sequential scans and hash or merge joins discouraged on PostgreSQL so a tiny test table
/// cannot hide a missing index.</summary>
public abstract class CatchUpQueryPlanTests(VigilAppFactory app)
{
    [Fact]
    public async Task CasesChangedSince_AreFoundThroughTheChainsKey() =>
        Assert.Contains(app.Provider == "postgres" ? "PK_audit_entries" : "INTEGER PRIMARY KEY",
            await PlanAsync(db => LinkageStore.ChangedBetween(db, 100, 200).CreateDbCommand()), StringComparison.Ordinal);

    [Fact]
    public async Task CasesLinkedSince_AreFoundThroughTheDoneAtIndex() =>
        Assert.Contains("IX_linkage_outbox_DoneAt",
            await PlanAsync(db => LinkageStore.LinkedAfter(db, DateTime.UtcNow.AddMinutes(-1)).CreateDbCommand()), StringComparison.Ordinal);

    [Fact]
    public async Task SeriesChangedSince_AreFoundThroughTheChainsKey_AndTheMembersCaseIndex()
    {
        var plan = await PlanAsync(db => LinkageStore.SeriesChangedBetween(db, 100, 200).CreateDbCommand());
        Assert.Contains(app.Provider == "postgres" ? "PK_audit_entries" : "INTEGER PRIMARY KEY", plan, StringComparison.Ordinal);
        Assert.Contains("IX_linked_series_members_CaseId", plan, StringComparison.Ordinal);
    }

    private Task<string> PlanAsync(Func<VigilDbContext, DbCommand> query) => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<VigilDbContext>();
        await db.Database.OpenConnectionAsync();
        // Local to a transaction that is never committed: the pooled connection goes back to other tests as it came.
        await using var tx = await db.Database.BeginTransactionAsync();
        try
        {
            await using var command = query(db);
            command.Transaction = tx.GetDbTransaction();
            // Joins as look-ups too: with hash joins allowed, the planner of a shared store whose statistics lag its rows
            // at times read a whole index to hash instead of looking each case up (red in round 40's runs).
            if (app.Provider == "postgres")
                await Execute(command, "SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off");
            command.CommandText = (app.Provider == "postgres" ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + command.CommandText;
            var lines = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) lines.Add(reader.GetValue(reader.FieldCount - 1).ToString()!);
            return string.Join('\n', lines);
        }
        finally
        {
            await tx.RollbackAsync();
            await db.Database.CloseConnectionAsync();
        }
    });

    private static async Task Execute(DbCommand like, string sql)
    {
        await using var command = like.Connection!.CreateCommand();
        command.Transaction = like.Transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CatchUpQueryPlanTests_Sqlite(SqliteApp app) : CatchUpQueryPlanTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CatchUpQueryPlanTests_Postgres(PostgresApp app) : CatchUpQueryPlanTests(app);
