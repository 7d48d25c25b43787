using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Records;
using Vigil.Web.Features.Import;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>The lines are read and parsed ahead of the batches on a thread of their own (ADR 2551): rejections keep
/// their line numbers, the batches around a bad line still store, and a reading failure stops the import exactly where
/// a plain enumeration would have. SQLite also checkpoints beside the batches (ADR 2552).</summary>
public abstract class PipelinedImportTests(VigilAppFactory app)
{
    private Task<ImportSummary> ImportAsync(IEnumerable<ParsedLine> lines, Guid team, int batchSize = 2) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>()
            .ImportAsync(lines, new ImportOptions(team, "test", BatchSize: batchSize) { WaitForLinkage = false }, null, default));

    private Task<int> StoredAsync(string source) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Cases.CountAsync(c => c.Source == source));

    [Fact]
    public async Task AMalformedLineInBatchThreeOfFive_IsReportedByNumber_AndTheOtherBatchesStore()
    {
        var team = await app.TeamIdAsync("pipe-" + Guid.NewGuid().ToString("N")[..6]);
        var source = "pipe-" + Guid.NewGuid().ToString("N")[..6];
        // Ten good lines in batches of two; line 6 (in the third batch's lines) is cut short.
        var lines = Enumerable.Range(1, 11).Select(n => n == 6
            ? DeathRecordWriter.ToJson(Samples.Record(source: source))[..80]
            : DeathRecordWriter.ToJson(Samples.Record(source: source))).ToList();
        var summary = await app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>().ImportAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines))),
            new ImportOptions(team, "test", BatchSize: 2) { WaitForLinkage = false }, null, default));
        Assert.Equal(11, summary.Lines);
        Assert.Equal(6, Assert.Single(summary.Rejected).Line);
        Assert.Equal(10, summary.Created);
        Assert.Equal(10, await StoredAsync(source));
    }

    [Fact]
    public async Task AReadingFailure_IsThrown_AfterTheBatchesBeforeItCommitted()
    {
        var team = await app.TeamIdAsync("pipe-" + Guid.NewGuid().ToString("N")[..6]);
        var source = "pipe-" + Guid.NewGuid().ToString("N")[..6];
        // Line 2 is rejected, then the input fails after line 5. Batches of two good lines are (1, 3) and (4, 5), so
        // the second commits only if line 5, read in the same chunk as the failure, came out before it: four cases.
        var failure = await Assert.ThrowsAsync<IOException>(() => ImportAsync(FailingAfter(5, source), team));
        Assert.Equal("input failed after line 5", failure.Message);
        Assert.Equal(4, await StoredAsync(source));
    }

    [Fact]
    public async Task ManyBatches_StoreInTheOrderOfTheirLines()
    {
        var team = await app.TeamIdAsync("pipe-" + Guid.NewGuid().ToString("N")[..6]);
        var source = "pipe-" + Guid.NewGuid().ToString("N")[..6];
        var lines = Enumerable.Range(1, 23).Select(n => Line(n, source)).ToList();
        var summary = await ImportAsync(lines, team, batchSize: 3);
        Assert.Equal((23, 23, 0), (summary.Lines, summary.Created, summary.Rejected.Count));
        // References are reserved batch by batch, so they follow the lines only if the batches committed in order.
        var stored = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Cases.Where(c => c.Source == source)
            .Select(c => new { c.SourceRef, c.Reference }).ToListAsync());
        var byLine = lines.Select(l => stored.Single(s => s.SourceRef == l.Record!.Ref).Reference).ToList();
        Assert.Equal(byLine.Order(StringComparer.Ordinal), byLine);
    }

    private static ParsedLine Line(int n, string source) =>
        new(n, Samples.Record(source: source) with { FoundAt = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero) }, null, []);

    private static IEnumerable<ParsedLine> FailingAfter(int count, string source)
    {
        for (var n = 1; n <= count; n++) yield return n == 2 ? new ParsedLine(n, null, "not a death record", []) : Line(n, source);
        throw new IOException($"input failed after line {count}");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PipelinedImportTests_Sqlite(SqliteApp app) : PipelinedImportTests(app)
{
    [Fact]
    public async Task AnImport_PutsItsConnectionsAutoCheckpointBack()
    {
        var team = await app.TeamIdAsync("pipe-" + Guid.NewGuid().ToString("N")[..6]);
        var source = "pipe-" + Guid.NewGuid().ToString("N")[..6];
        var lines = Enumerable.Range(1, 7).Select(n => DeathRecordWriter.ToJson(Samples.Record(source: source)));
        var summary = await app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>().ImportAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines))),
            new ImportOptions(team, "test", BatchSize: 2) { WaitForLinkage = false }, null, default));
        Assert.Equal(7, summary.Created);
        await app.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
            // The batches turned it off on their (pooled) connection and put it back: every pooled connection says 1000.
            Assert.Equal("1000", await ScalarAsync(connection, "PRAGMA wal_autocheckpoint"));
        });
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PipelinedImportTests_Postgres(PostgresApp app) : PipelinedImportTests(app);
