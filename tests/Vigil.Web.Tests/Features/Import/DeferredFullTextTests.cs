using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Records;
using Vigil.Web.Features.Import;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>SQLite indexes a bulk batch's search documents once per batch, not by the trigger per row (ADR 1501): the
/// FTS5 index must still match its content table exactly, and the trigger must index an ordinary save again after.</summary>
[Collection(SqliteCollection.Name)]
public sealed class DeferredFullTextTests(SqliteApp app)
{
    [Fact]
    public async Task BulkImport_LeavesTheFullTextIndexEqualToItsDocuments_AndTheTriggerOnAfterwards()
    {
        var records = BenchData.London(60);
        var source = "fts-" + Guid.NewGuid().ToString("N")[..8];
        var team = await app.TeamIdAsync("FTS " + source);
        var summary = await app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>().ImportAsync(
            records.Select((r, i) => new ParsedLine(i + 1, r, null, [])), new ImportOptions(team, source, BatchSize: 25, WaitForLinkage: false), null, default));
        Assert.Equal((records.Count, 0), (summary.Created, summary.Rejected.Count));

        await app.WithDbAsync(async db =>
        {
            // FTS5 checks every row of the external content against the index; it throws on any difference.
            await db.Database.ExecuteSqlRawAsync("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')");
            var deferred = await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM search_fts_deferred").SingleAsync();
            Assert.Equal(0, deferred);
            // The team's key token is in every document of the team: MATCH reads the index, not the content table.
            var indexed = await db.Database.SqlQueryRaw<long>(
                "SELECT count(*) AS \"Value\" FROM search_fts WHERE search_fts MATCH {0}", "Keys:" + Vigil.Web.Features.Search.SearchKeys.ForTeam(team)).SingleAsync();
            var documents = await db.Set<Vigil.Data.Search.SearchDocument>().CountAsync(d => d.TeamId == team);
            Assert.True(documents >= records.Count);
            Assert.Equal(documents, indexed);
        });
    }
}
