using Vigil.Data.People;

namespace Vigil.Web.Features.Search;

/// <summary>Keeps the search documents of each saved case in step with it, in the case's own transaction (a
/// change hook's BeforeSave), so a death is findable the moment it is saved and never findable as it no longer is.</summary>
public sealed class SearchIndexer : ICaseChangeHook
{
    public int Order => CaseHookOrder.Search;

    /// <summary>Applying the rules changes no fact, and actions are in no document: nothing to write (ADR 3147).</summary>
    public Task BeforeSaveAsync(VigilDbContext db, IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct) => kind switch
    {
        CaseChangeKind.RulesApplied => Task.CompletedTask,
        CaseChangeKind.Edited => RewriteAsync(db, cases, ct),
        _ => ReplaceAsync(db, cases, ct),
    };

    /// <summary>An edit's documents are rewritten in place: each stored document takes the values of the new one for the
    /// same kind and target, so EF updates only what changed (nothing, for a document the edit did not touch); the rest
    /// are deleted or inserted. The same documents as <see cref="ReplaceAsync"/> leaves, found the same way (both stores'
    /// index triggers take updates), in one statement for what an edit changed instead of a delete and an insert for
    /// every document of the case (ADR 2495). Imports keep <see cref="ReplaceAsync"/>.</summary>
    private static async Task RewriteAsync(VigilDbContext db, IReadOnlyList<DeathCase> cases, CancellationToken ct)
    {
        var existing = cases.Where(c => !db.IsAdded(c)).Select(c => c.Id).ToList();
        var stored = new Dictionary<(Guid Case, string Kind, Guid Target), Queue<SearchDocument>>();
        foreach (var chunk in existing.Chunk(500))
            foreach (var d in await db.Set<SearchDocument>().Where(d => chunk.Contains(d.CaseId)).ToListAsync(ct))
            {
                if (!stored.TryGetValue((d.CaseId, d.Kind, d.TargetId), out var same)) stored[(d.CaseId, d.Kind, d.TargetId)] = same = new();
                same.Enqueue(d);
            }
        foreach (var doc in cases.SelectMany(DocumentsOf))
        {
            if (stored.TryGetValue((doc.CaseId, doc.Kind, doc.TargetId), out var same) && same.TryDequeue(out var row))
            {
                row.TeamId = doc.TeamId;
                row.FoundAt = doc.FoundAt;
                row.Title = doc.Title;
                row.Keys = doc.Keys;
                row.Address = doc.Address;
                row.Text = doc.Text;
            }
            else db.Set<SearchDocument>().Add(doc);
        }
        foreach (var left in stored.Values) db.Set<SearchDocument>().RemoveRange(left);
    }

    /// <summary>Replaces the documents of the given cases (people with their Person, exhibits loaded). The caller saves.</summary>
    public static async Task ReplaceAsync(VigilDbContext db, IReadOnlyList<DeathCase> cases, CancellationToken ct)
    {
        var existing = cases.Where(c => !db.IsAdded(c)).Select(c => c.Id).ToList();
        foreach (var chunk in existing.Chunk(500))
            db.Set<SearchDocument>().RemoveRange(await db.Set<SearchDocument>().Where(d => chunk.Contains(d.CaseId)).ToListAsync(ct));
        foreach (var c in cases)
        {
            // A case staged untracked (a first-day import batch) has its documents staged with it (ADR 2591).
            if (db.StagedCases.Contains(c)) db.StageSearchDocuments(c, DocumentsOf(c));
            else db.Set<SearchDocument>().AddRange(DocumentsOf(c));
        }
    }

    public static IEnumerable<SearchDocument> DocumentsOf(DeathCase c)
    {
        var team = SearchKeys.ForTeam(c.TeamId);
        var name = c.Deceased.Name ?? "name not recorded";
        var line = new SearchKeyLine(); // every key list below as string.Join(' ', keys.Distinct()) made it (ADR 2404)
        line.Add(SearchKeys.Kind, SearchKinds.Case);
        line.Add(team);
        line.AddReference(c.Reference);
        line.AddReference(c.SourceRef);
        line.AddName(c.Deceased.Name);
        yield return new SearchDocument
        {
            Kind = SearchKinds.Case, CaseId = c.Id, TargetId = c.Id, TeamId = c.TeamId, FoundAt = c.FoundAt,
            Title = Clip($"{c.Reference} · {name}", 400),
            Keys = line.Take(),
            Address = Clip(line.Text(c.LocationAddress, c.Deceased.Address, c.LocationDescription, c.Area)),
            Text = Clip(line.Text(c.Deceased.Name, c.Narrative, c.CauseOfDeath, c.Deceased.Occupation)),
        };
        foreach (var p in c.People)
        {
            line.Add(SearchKeys.Kind, SearchKinds.Person);
            line.Add(team);
            // The record's own name too: after a merge the appearance "Jnoes" is also found as "Jones".
            line.AddName(p.NameAsWritten);
            // The same text gives the same keys, which the line already has: parsed once (ADR 3188).
            if (!string.Equals(p.Person?.Name, p.NameAsWritten, StringComparison.Ordinal)) line.AddName(p.Person?.Name);
            line.Add(SearchKeys.ForPhone(p.PhoneAsWritten));
            yield return new SearchDocument
            {
                Kind = SearchKinds.Person, CaseId = c.Id, TargetId = p.PersonId, TeamId = c.TeamId, FoundAt = c.FoundAt,
                Title = Clip($"{p.NameAsWritten ?? p.Person?.Name ?? "name not recorded"} · {p.Role}", 400),
                Keys = line.Take(),
                Address = Clip(line.Text(p.AddressAsWritten)),
                Text = Clip(line.Text(p.NameAsWritten, p.PhoneAsWritten)),
            };
        }
        foreach (var e in c.Exhibits)
        {
            line.Add(SearchKeys.Kind, SearchKinds.Exhibit);
            line.Add(team);
            line.AddReference(e.Reference);
            yield return new SearchDocument
            {
                Kind = SearchKinds.Exhibit, CaseId = c.Id, TargetId = e.Id, TeamId = c.TeamId, FoundAt = c.FoundAt,
                Title = Clip($"{e.Reference} · {e.Type}", 400),
                Keys = line.Take(),
                Text = Clip(line.Text(e.Type, e.Description)),
            };
        }
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

    /// <summary>Free text is kept to 8,000 characters.</summary>
    private static string? Clip(string? text) => text is null ? null : Clip(text, 8000);

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max];
}
