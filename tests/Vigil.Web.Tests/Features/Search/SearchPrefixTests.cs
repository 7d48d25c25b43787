using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Data.Search;
using Vigil.Records;
using Vigil.Web.Features.Auth;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Search;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Search;

/// <summary>Words are found by their beginnings, short and long (ADR 1661: SQLite spells long prefixes out from
/// search_terms and serves short ones from FTS5 prefix indexes; the answers must be those of a plain prefix match).</summary>
public abstract class SearchPrefixTests(VigilAppFactory app)
{
    private static async Task<SearchResults> SearchAsync(HttpClient api, string q) =>
        (await api.GetFromJsonAsync<SearchResults>($"/api/v1/search?q={Uri.EscapeDataString(q)}", ApiJson.Client))!;

    private static IEnumerable<SearchHit> Group(SearchResults r, string kind) => r.Groups.Where(g => g.Kind == kind).SelectMany(g => g.Hits);

    [Fact]
    public async Task TheBeginningOfAWord_FindsIt_AndMoreThanTheWordFindsNothing()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var (record, _, _, street, word) = SearchTests.Unique();
        var c = await app.CreateCaseAsync(ivy, record);
        using var api = app.ApiClient(ivy);
        var at = $"/cases/{c.Id}";
        // Long prefixes (spelled out on SQLite), a whole word, and words ending in a longer one ("…x" in the exhibit).
        foreach (var q in new[] { word[..5], word[..7], word, $"{word[..6]} wall" })
            Assert.Contains(Group(await SearchAsync(api, q), "narrative"), h => h.Href == at);
        Assert.Contains(Group(await SearchAsync(api, word + "x"), "exhibits"), h => h.Href == $"{at}#exhibits-h");
        // Short words next to a long one (FTS5 prefix indexes): "17 Quill…", "1 Quill…", "Qui".
        var streetWord = street.Split(' ')[0];
        foreach (var q in new[] { $"17 {streetWord}", $"1 {streetWord[..6]}", $"{streetWord} Me" })
            Assert.Contains(Group(await SearchAsync(api, q), "addresses"), h => h.Title.Contains(street, StringComparison.Ordinal));
        // (Addresses one typo away are found on PostgreSQL by trigram similarity, so only words are asked not to match.)
        foreach (var q in new[] { word + "qq", $"{word[..6]} wallx" })
            Assert.DoesNotContain(Group(await SearchAsync(api, q), "narrative"), h => h.Href == at);
        // Every word must be in the same column: a street word with a narrative word is not narrative.
        Assert.DoesNotContain(Group(await SearchAsync(api, $"{streetWord} {word}"), "narrative"), h => h.Href == at);
    }

    [Fact]
    public async Task TextWords_FindCasesAndExhibits_NeverPersonDocuments()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var (record, surname, _, _, word) = SearchTests.Unique();
        var c = await app.CreateCaseAsync(ivy, record);
        var readAll = new CaseScope("test", ReadAll: true, TeamScoped: false, [], CanEdit: false);
        async Task<List<(string Kind, Guid CaseId)>> Text(string q) => await app.WithScopeAsync(async sp =>
            (await new SearchService(sp.GetRequiredService<Vigil.Data.VigilDbContext>()).FindAsync(new SearchPlan(q).TextClauses!, readAll, default))
                .Select(d => (d.Kind, d.CaseId)).ToList());
        // The finder's name is in their person document's text; the deceased's ("…son") begins with it, in the case's.
        Assert.Equal([(SearchKinds.Case, c.Id)], await Text(surname));
        Assert.Equal([(SearchKinds.Case, c.Id), (SearchKinds.Exhibit, c.Id)], (await Text(word)).Order());
    }

    [Fact]
    public async Task APrefixOfAnotherTeamsWord_FindsNothing()
    {
        var owner = await app.CreateUserAsync(Roles.Investigator);
        var outsider = await app.CreateUserAsync(Roles.Investigator);
        var (record, _, _, street, word) = SearchTests.Unique();
        await app.CreateCaseAsync(owner, record);
        using var theirs = app.ApiClient(outsider);
        foreach (var q in new[] { word[..6], street[..7], $"17 {street.Split(' ')[0]}" })
            Assert.Equal(0, (await SearchAsync(theirs, q)).Total);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SearchPrefixTests_Sqlite(SqliteApp app) : SearchPrefixTests(app)
{
    /// <summary>search_terms must hold every word the index holds in Address and Text, in its column, whether a document came by an
    /// ordinary save (the trigger) or a bulk import batch (ADR 1501), and search_words must be left empty.</summary>
    [Fact]
    public async Task EveryIndexedWord_IsInSearchTerms_AfterSavesAndImports()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        await app.CreateCaseAsync(ivy, SearchTests.Unique().Record);
        var source = "terms-" + Guid.NewGuid().ToString("N")[..8];
        var team = await app.TeamIdAsync("Terms " + source);
        var records = BenchData.London(30);
        await app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>().ImportAsync(
            records.Select((r, i) => new ParsedLine(i + 1, r, null, [])), new ImportOptions(team, source, BatchSize: 10, WaitForLinkage: false), null, default));
        await app.WithDbAsync(async db =>
        {
            // A temp table lives on one connection: hold it, or a pooled query may run on another (seen in a full run).
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_fts_columns USING fts5vocab(main, search_fts, col)");
            var words = await db.Database.SqlQueryRaw<long>("SELECT count(DISTINCT term) AS \"Value\" FROM temp.search_fts_columns WHERE col <> 'Keys'").SingleAsync();
            var missing = await db.Database.SqlQueryRaw<string>(
                "SELECT v.col || ':' || v.term AS \"Value\" FROM temp.search_fts_columns AS v WHERE v.col <> 'Keys' " +
                "AND NOT EXISTS (SELECT 1 FROM search_terms AS t WHERE t.Col = v.col AND t.Term = v.term) LIMIT 5").ToListAsync();
            var left = await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM search_words_vocab").SingleAsync();
            await db.Database.ExecuteSqlRawAsync("DROP TABLE temp.search_fts_columns");
            Assert.True(words > 50, $"{words} words indexed");
            Assert.Empty(missing);
            Assert.Equal(0, left);
        });
    }
}

[Collection(PostgresCollection.Name)]
public sealed class SearchPrefixTests_Postgres(PostgresApp app) : SearchPrefixTests(app)
{
    /// <summary>search_terms must hold every word PostgreSQL's 'simple' configuration cuts from the Address and Text of
    /// the documents a bulk import batch wrote by COPY (ADR 1831), in its column: a prefix of any of them is spelled out
    /// from this table, so a word missing from it is a word no prefix finds.</summary>
    [Fact]
    public async Task EveryWordOfABulkImport_IsInSearchTerms()
    {
        var source = "terms-" + Guid.NewGuid().ToString("N")[..8];
        var team = await app.TeamIdAsync("Terms " + source);
        var records = BenchData.London(30);
        await app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>().ImportAsync(
            records.Select((r, i) => new ParsedLine(i + 1, r, null, [])), new ImportOptions(team, source, BatchSize: 10, WaitForLinkage: false), null, default));
        await app.WithDbAsync(async db =>
        {
            const string words = """
                FROM search_documents AS d
                CROSS JOIN LATERAL (VALUES ('Address', d."Address"), ('Text', d."Text")) AS v(col, body)
                CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector('simple', coalesce(v.body, '')))) AS w(term)
                WHERE d."TeamId" = {0}
                """;
            var count = await db.Database.SqlQueryRaw<long>($"SELECT count(DISTINCT v.col || ':' || w.term) AS \"Value\" {words}", team).SingleAsync();
            var missing = await db.Database.SqlQueryRaw<string>(
                $"SELECT DISTINCT v.col || ':' || w.term AS \"Value\" {words} " +
                "AND NOT EXISTS (SELECT 1 FROM search_terms AS t WHERE t.col = v.col AND t.term = w.term) LIMIT 5", team).ToListAsync();
            Assert.True(count > 50, $"{count} words in the import's documents");
            Assert.Empty(missing);
        });
    }
}
