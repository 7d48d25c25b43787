using static Vigil.Web.Features.Search.SearchClause;

namespace Vigil.Web.Features.Search;

/// <summary>The one-box search: runs a <see cref="SearchPlan"/> against the index inside the user's scope (team
/// tokens are part of the full-text query, so another team's documents are never read, let alone shown) and
/// groups what it finds by kind, each hit opening its page. A group lists at most <see cref="PerGroup"/> and says when
/// more match (ADR 1619): before, "20 results" could stand for thousands.</summary>
public sealed class SearchService(VigilDbContext db)
{
    public const int PerGroup = 20;
    private const int Fetch = 200;

    public async Task<SearchResults> RunAsync(SearchPlan plan, CaseScope scope, CancellationToken ct)
    {
        var groups = new Dictionary<string, List<SearchHit>>(StringComparer.Ordinal);
        // Kinds fed by a read that stopped at its limit: more documents match than were read.
        var cut = new HashSet<string>(StringComparer.Ordinal);
        async Task<List<SearchDocument>> Find(IReadOnlyList<SearchClause> clauses, params string[] kinds)
        {
            var found = await FindAsync(clauses, scope, ct);
            if (found.Count >= Fetch) cut.UnionWith(kinds);
            return found;
        }
        var people = new PersonHits(db, CaseAccess.Visible(db, scope));
        if (plan.NameClauses is { } names)
        {
            var docs = (await Find(names, "people", "cases"))
                .Select(d => (Doc: d, Rank: plan.NameRank(NameOf(d)))).Where(x => x.Rank is not null)
                .OrderBy(x => x.Rank).ThenByDescending(x => x.Doc.FoundAt).Select(x => x.Doc).ToList();
            groups["people"] = await people.PeopleAsync(docs.Where(d => d.Kind == SearchKinds.Person).ToList(), ct);
            Add(groups, "cases", docs.Where(d => d.Kind == SearchKinds.Case).Select(d => new SearchHit(d.Title, $"/cases/{d.CaseId}", "deceased", d.FoundAt)));
        }
        if (plan.PhoneClauses is { } phone)
            groups["phones"] = await people.PhonesAsync(await Find(phone, "phones"), ct);
        if (plan.ReferenceClauses is { } refs)
        {
            var docs = await Find(refs, "cases", "exhibits");
            Add(groups, "cases", docs.Where(d => d.Kind == SearchKinds.Case).Select(d => new SearchHit(d.Title, $"/cases/{d.CaseId}", "reference", d.FoundAt)));
            Add(groups, "exhibits", docs.Where(d => d.Kind == SearchKinds.Exhibit).Select(d => new SearchHit(d.Title, $"/cases/{d.CaseId}#exhibits-h", Snippet(d.Text, plan.Words), d.FoundAt)));
        }
        if (plan.AddressClauses is { } address)
        {
            var docs = await Find(address, "addresses");
            if (docs.Count == 0 && (scope.ReadAll || scope.TeamIds.Count > 0) && SearchStore.SimilarAddresses(db, plan.Query, ScopeClause(scope), Fetch) is { } similar)
                docs = await similar.AsNoTracking().ToListAsync(ct);
            groups["addresses"] = await people.AddressesAsync(docs, ct);
        }
        if (plan.TextClauses is { } text)
        {
            var docs = await Find(text, "exhibits", "narrative");
            Add(groups, "exhibits", docs.Where(d => d.Kind == SearchKinds.Exhibit).Select(d => new SearchHit(d.Title, $"/cases/{d.CaseId}#exhibits-h", Snippet(d.Text, plan.Words), d.FoundAt)));
            Add(groups, "narrative", docs.Where(d => d.Kind == SearchKinds.Case).Select(d => new SearchHit(d.Title, $"/cases/{d.CaseId}", Snippet(d.Text, plan.Words), d.FoundAt)));
        }
        var ordered = SearchGroups.All.Where(g => groups.TryGetValue(g.Kind, out var hits) && hits.Count > 0)
            .Select(g => (g.Kind, g.Heading, Hits: groups[g.Kind].DistinctBy(h => h.Href).ToList()))
            .Select(g => new SearchGroup(g.Kind, g.Heading, g.Hits.Take(PerGroup).ToList(), g.Hits.Count > PerGroup || cut.Contains(g.Kind))).ToList();
        return new SearchResults(plan.Query, ordered);
    }

    /// <summary>Documents matching the clauses in the scope: team tokens inside the full-text query, and cases granted
    /// individually by id. A user with neither (an administrator) finds nothing.</summary>
    public async Task<List<SearchDocument>> FindAsync(IReadOnlyList<SearchClause> clauses, CaseScope scope, CancellationToken ct, IReadOnlyCollection<Guid>? onlyCases = null)
    {
        var docs = new List<SearchDocument>();
        if (await SearchPrefixes.ExpandAsync(db, clauses, ct) is not { } expanded) return docs;
        clauses = expanded;
        if (scope.ReadAll || scope.TeamIds.Count > 0)
        {
            IReadOnlyList<SearchClause> scoped = ScopeClause(scope) is { } team ? [.. clauses, team] : clauses;
            docs.AddRange(onlyCases is null
                ? await SearchStore.NewestAsync(db, scoped, Fetch, ct)
                : await SearchStore.Match(db, scoped, null).Where(d => onlyCases.Contains(d.CaseId)).AsNoTracking().ToListAsync(ct));
        }
        if (!scope.ReadAll && scope.GrantedCaseIds is { Count: > 0 } granted)
        {
            var ids = onlyCases is null ? granted : granted.Intersect(onlyCases).ToList();
            if (ids.Count > 0)
                docs.AddRange(await SearchStore.Match(db, clauses, null).Where(d => ids.Contains(d.CaseId))
                    .OrderByDescending(d => d.Id).Take(Fetch).AsNoTracking().ToListAsync(ct));
        }
        return docs.DistinctBy(d => d.Id).ToList();
    }

    private static SearchClause? ScopeClause(CaseScope scope) =>
        scope.ReadAll ? null : new SearchClause(Keys, [.. scope.TeamIds.Select(SearchKeys.ForTeam)]);

    private static void Add(Dictionary<string, List<SearchHit>> groups, string kind, IEnumerable<SearchHit> hits)
    {
        if (!groups.TryGetValue(kind, out var list)) groups[kind] = list = [];
        list.AddRange(hits);
    }

    /// <summary>The written name a document carries: "REF · Name" for a case, "Name · role" for a person.</summary>
    internal static string? NameOf(SearchDocument d)
    {
        var cut = d.Kind == SearchKinds.Case ? d.Title.IndexOf(" · ", StringComparison.Ordinal) : d.Title.LastIndexOf(" · ", StringComparison.Ordinal);
        if (cut < 0) return d.Title;
        return d.Kind == SearchKinds.Case ? d.Title[(cut + 3)..] : d.Title[..cut];
    }

    /// <summary>About 160 characters of text around the first query word found.</summary>
    public static string? Snippet(string? text, IReadOnlyList<string> words)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var at = words.Select(w => text.IndexOf(w, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var start = Math.Max(0, at - 60);
        var length = Math.Min(text.Length - start, 160);
        return (start > 0 ? "…" : "") + text.Substring(start, length) + (start + length < text.Length ? "…" : "");
    }
}
