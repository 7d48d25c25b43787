using Vigil.Data.People;

namespace Vigil.Web.Features.Search;

/// <summary>Keeps the search documents of each saved case in step with it, in the case's own transaction (a
/// change hook's BeforeSave), so a death is findable the moment it is saved and never findable as it no longer is.</summary>
public sealed class SearchIndexer : ICaseChangeHook
{
    public int Order => CaseHookOrder.Search;

    public Task BeforeSaveAsync(VigilDbContext db, IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct) =>
        ReplaceAsync(db, cases, ct);

    /// <summary>Replaces the documents of the given cases (people with their Person, exhibits loaded). The caller saves.</summary>
    public static async Task ReplaceAsync(VigilDbContext db, IReadOnlyList<DeathCase> cases, CancellationToken ct)
    {
        var existing = cases.Where(c => !db.IsAdded(c)).Select(c => c.Id).ToList();
        foreach (var chunk in existing.Chunk(500))
            db.Set<SearchDocument>().RemoveRange(await db.Set<SearchDocument>().Where(d => chunk.Contains(d.CaseId)).ToListAsync(ct));
        foreach (var c in cases) db.Set<SearchDocument>().AddRange(DocumentsOf(c));
    }

    public static IEnumerable<SearchDocument> DocumentsOf(DeathCase c)
    {
        var team = SearchKeys.ForTeam(c.TeamId);
        var name = c.Deceased.Name ?? "name not recorded";
        yield return new SearchDocument
        {
            Kind = SearchKinds.Case, CaseId = c.Id, TargetId = c.Id, TeamId = c.TeamId, FoundAt = c.FoundAt,
            Title = Clip($"{c.Reference} · {name}", 400),
            Keys = Join([SearchKeys.ForKind(SearchKinds.Case), team, .. SearchKeys.ForReference(c.Reference), .. SearchKeys.ForReference(c.SourceRef), .. SearchKeys.ForName(c.Deceased.Name)]),
            Address = JoinText(c.LocationAddress, c.Deceased.Address, c.LocationDescription, c.Area),
            Text = JoinText(c.Deceased.Name, c.Narrative, c.CauseOfDeath, c.Deceased.Occupation),
        };
        foreach (var p in c.People)
            yield return new SearchDocument
            {
                Kind = SearchKinds.Person, CaseId = c.Id, TargetId = p.PersonId, TeamId = c.TeamId, FoundAt = c.FoundAt,
                Title = Clip($"{p.NameAsWritten ?? p.Person?.Name ?? "name not recorded"} · {p.Role}", 400),
                // The record's own name too: after a merge the appearance "Jnoes" is also found as "Jones".
                Keys = Join([SearchKeys.ForKind(SearchKinds.Person), team, .. SearchKeys.ForName(p.NameAsWritten), .. SearchKeys.ForName(p.Person?.Name),
                    SearchKeys.ForPhone(p.PhoneAsWritten)]),
                Address = JoinText(p.AddressAsWritten),
                Text = JoinText(p.NameAsWritten, p.PhoneAsWritten),
            };
        foreach (var e in c.Exhibits)
            yield return new SearchDocument
            {
                Kind = SearchKinds.Exhibit, CaseId = c.Id, TargetId = e.Id, TeamId = c.TeamId, FoundAt = c.FoundAt,
                Title = Clip($"{e.Reference} · {e.Type}", 400),
                Keys = Join([SearchKeys.ForKind(SearchKinds.Exhibit), team, .. SearchKeys.ForReference(e.Reference)]),
                Text = JoinText(e.Type, e.Description),
            };
    }

    /// <summary>Every case of the store, a page at a time (`vigil search reindex`, and after a bulk change).</summary>
    public static async Task<int> RebuildAllAsync(Func<VigilDbContext> newContext, Action<int>? progress, CancellationToken ct)
    {
        await using (var db = newContext()) await db.Set<SearchDocument>().ExecuteDeleteAsync(ct);
        var done = 0;
        var after = "";
        while (true)
        {
            await using var db = newContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
#pragma warning disable CA1309 // string.Compare(a, b) is what EF translates to SQL '>' (keyset paging on the unique reference).
            var page = await WithChildren(db.Cases).Where(c => string.Compare(c.Reference, after) > 0)
#pragma warning restore CA1309
                .OrderBy(c => c.Reference).Take(2000).ToListAsync(ct);
            if (page.Count == 0) return done;
            foreach (var c in page) db.Set<SearchDocument>().AddRange(DocumentsOf(c));
            await db.SaveChangesAsync(ct);
            after = page[^1].Reference;
            done += page.Count;
            progress?.Invoke(done);
        }
    }

    public static IQueryable<DeathCase> WithChildren(IQueryable<DeathCase> cases) =>
        cases.Include(c => c.People).ThenInclude(p => p.Person).Include(c => c.Exhibits).AsSplitQuery();

    private static string Join(IEnumerable<string?> keys) => string.Join(' ', keys.OfType<string>().Distinct(StringComparer.Ordinal));

    private static string? JoinText(params string?[] parts)
    {
        var text = string.Join(" · ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
        return text.Length == 0 ? null : Clip(text, 8000);
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max];
}
