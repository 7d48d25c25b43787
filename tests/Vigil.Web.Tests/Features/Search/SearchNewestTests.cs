using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Search;
using Vigil.Web.Features.Search;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Search;

/// <summary>Words held by many documents are answered newest first up to the page (ADR 1831: PostgreSQL walks the
/// newest documents by key in windows and leaves the older rest to GIN). Whatever the windows, the answer must be the
/// newest matches, exactly as one query sorted by key gives them.</summary>
public abstract class SearchNewestTests(VigilAppFactory app)
{
    private static string UniqueWord() => "nw" + string.Concat(Guid.NewGuid().ToString("N").Take(10).Select(c => (char)('a' + c % 26)));

    /// <summary>300 case documents, oldest first: every third of the first 100 has the word (or a longer word it
    /// begins), then every fortieth; the rest have other words. A person's document with the word comes last.</summary>
    private static List<SearchDocument> Documents(string word)
    {
        var docs = new List<SearchDocument>();
        for (var i = 0; i < 300; i++)
        {
            var matches = i < 100 ? i % 3 == 0 : i % 40 == 0;
            var text = !matches ? "canal towpath" : i % 2 == 0 ? $"{word} towpath" : $"{word}ing towpath";
            docs.Add(Document(SearchKinds.Case, $"N-{i}", text));
        }
        docs.Add(Document(SearchKinds.Person, "finder", word));
        return docs;
    }

    private static SearchDocument Document(string kind, string title, string text) => new()
    {
        Kind = kind, CaseId = Guid.NewGuid(), TargetId = Guid.NewGuid(), TeamId = Guid.NewGuid(), Title = title,
        Keys = SearchKeys.ForKind(kind), Text = text, FoundAt = DateTime.UtcNow,
    };

    [Theory]
    [InlineData(10, 5, 1_000)]      // nothing in the first window: GIN takes it all
    [InlineData(10, 50, 1_000)]     // one match in the first window, the rest in the second
    [InlineData(6, 30, 300)]        // sparse matches, then the dense ones, within the walk
    [InlineData(10, 41, 60)]        // the walk would go too far: GIN takes the older rest
    [InlineData(3, 1, 1)]
    [InlineData(100, 10, 10_000)]   // fewer matches than the page: every one of them
    [InlineData(200, 2_000, 24_000)] // the production windows
    public async Task TextWords_ReturnTheNewestMatches_WhereverThePageEnds(int limit, long firstWindow, long maxWalk)
    {
        var word = UniqueWord();
        var docs = Documents(word);
        await app.WithDbAsync(async db => { db.AddRange(docs); await db.SaveChangesAsync(); });
        var expected = docs.Where(d => d.Kind == SearchKinds.Case && d.Text!.StartsWith(word, StringComparison.Ordinal))
            .Select(d => d.Id).OrderDescending().Take(limit).ToList();
        Assert.Equal(Math.Min(limit, 39), expected.Count);
        var (found, matched) = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var clauses = (await SearchPrefixes.ExpandAsync(db, new SearchPlan(word).TextClauses!, default))!;
            // The prefix is spelled out as the two words it begins, on both stores.
            Assert.Equal([word, word + "ing"], clauses.Single(c => c.Column == SearchClause.Text).Terms.Order(StringComparer.Ordinal));
            var found = await SearchStore.NewestAsync(db, clauses, limit, firstWindow, maxWalk, default);
            var matched = await SearchStore.Match(db, clauses, limit).AsNoTracking().Select(d => d.Id).ToListAsync();
            return (found.Select(d => d.Id).ToList(), matched);
        });
        Assert.Equal(expected, found);
        Assert.Equal(expected, matched);
    }

    [Fact]
    public async Task AWordAnEditBrings_IsSpelledOutFromItsPrefix()
    {
        var word = UniqueWord();
        var doc = Document(SearchKinds.Case, "edited", "canal");
        await app.WithDbAsync(async db => { db.Add(doc); await db.SaveChangesAsync(); });
        await app.WithDbAsync(async db =>
        {
            var saved = await db.Set<SearchDocument>().SingleAsync(d => d.Id == doc.Id);
            saved.Text = $"{word}zz canal";
            await db.SaveChangesAsync();
        });
        var found = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var clauses = (await SearchPrefixes.ExpandAsync(db, new SearchPlan(word).TextClauses!, default))!;
            Assert.Equal([word + "zz"], clauses.Single(c => c.Column == SearchClause.Text).Terms);
            return await SearchStore.NewestAsync(db, clauses, 5, default);
        });
        Assert.Equal([doc.Id], found.Select(d => d.Id));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SearchNewestTests_Sqlite(SqliteApp app) : SearchNewestTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SearchNewestTests_Postgres(PostgresApp app) : SearchNewestTests(app);
