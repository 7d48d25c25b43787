using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Records;
using Vigil.Web.Features.Import;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>A bulk import into PostgreSQL analyses the tables its batches read when its own writes have grown
/// four-fold (ADR 1598): after the first batch and after the fourth, not after every batch.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ImportStatisticsTests_Postgres(PostgresApp app)
{
    private static readonly string[] Tables = ["cases", "case_people", "people", "phones", "addresses"];

    private Task<Dictionary<string, long>> AnalyseCountsAsync() => app.WithScopeAsync(async sp =>
        await sp.GetRequiredService<VigilDbContext>().Database
            .SqlQueryRaw<AnalyseCount>("SELECT relname AS \"Table\", analyze_count AS \"Count\" FROM pg_stat_user_tables")
            .Where(r => Tables.Contains(r.Table)).ToDictionaryAsync(r => r.Table, r => r.Count));

    [Fact]
    public async Task AnImportOfFiveBatches_AnalysesTheTablesItReads_AtTheFirstAndFourthBatch()
    {
        var source = "stats-" + Guid.NewGuid().ToString("N")[..8];
        var team = await app.TeamIdAsync("Stats " + source);
        var before = await AnalyseCountsAsync();
        await app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>().ImportAsync(
            BenchData.London(50).Select((r, i) => new ParsedLine(i + 1, r, null, [])),
            new ImportOptions(team, source, BatchSize: 10, WaitForLinkage: false), null, default));
        // Statistics reach pg_stat_user_tables through the cumulative statistics system, not at once.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        Dictionary<string, long> after;
        while ((after = await AnalyseCountsAsync()).Any(t => t.Value - before.GetValueOrDefault(t.Key) < 2) && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        // Created 10 (the first batch) and 40 (four times that) analyse; 20, 30 and 50 do not. Autovacuum may add its own.
        foreach (var table in Tables)
            Assert.True(after[table] - before.GetValueOrDefault(table) >= 2, $"{table}: analysed {after[table] - before.GetValueOrDefault(table)} times");
    }

    private sealed class AnalyseCount
    {
        public string Table { get; init; } = "";
        public long Count { get; init; }
    }
}

/// <summary>The import's analyses gather statistics of the columns its look-ups filter and join on, and leave the rest
/// (the cases' narrative, a person's name) to autovacuum (ADR 3190). A fresh database of its own: nothing else has
/// analysed its tables, and a 50-death import leaves too few changes after its last analysis for autovacuum to come.</summary>
public sealed class ImportStatisticsColumnsTests_Postgres : IAsyncLifetime
{
    private readonly PostgresApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task TheImportsAnalyses_GatherTheLookedUpColumns_NotTheCasesText()
    {
        var team = await app.TeamIdAsync("Stats columns");
        await app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>().ImportAsync(
            BenchData.London(50).Select((r, i) => new ParsedLine(i + 1, r, null, [])),
            new ImportOptions(team, "stats-columns", BatchSize: 10, WaitForLinkage: false), null, default));
        var analysed = await app.WithDbAsync(db => db.Database
            .SqlQueryRaw<string>("SELECT tablename || '.' || attname AS \"Value\" FROM pg_stats WHERE schemaname = 'public'").ToListAsync());
        Assert.Superset(new HashSet<string>(["cases.TeamId", "cases.Source", "cases.SourceRef", "case_people.CaseId", "people.MatchKey", "phones.Number", "addresses.MatchKey"]), analysed.ToHashSet());
        Assert.DoesNotContain("cases.Narrative", analysed);
        Assert.DoesNotContain("people.Name", analysed);
    }
}
