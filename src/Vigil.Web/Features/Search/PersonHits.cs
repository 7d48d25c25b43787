namespace Vigil.Web.Features.Search;

/// <summary>Turns person documents into hits that name the person as the record now has them (after any merge) and
/// say in how many deaths the reader can see they appear, by role.</summary>
internal sealed class PersonHits(VigilDbContext db, IQueryable<DeathCase> visible)
{
    public async Task<List<SearchHit>> PeopleAsync(List<SearchDocument> docs, CancellationToken ct)
    {
        // One beyond the group's size: the search says there are more when it is found.
        var ids = docs.Select(d => d.TargetId).Distinct().Take(SearchService.PerGroup + 1).ToList();
        var facts = await FactsAsync(ids, ct);
        return ids.Where(facts.ContainsKey).Select(id => facts[id])
            .Select(f => new SearchHit(f.Name, $"/people/{f.Id}", f.Describe(), f.Latest)).ToList();
    }

    public async Task<List<SearchHit>> PhonesAsync(List<SearchDocument> docs, CancellationToken ct)
    {
        var byPerson = docs.Where(d => d.Kind == SearchKinds.Person).GroupBy(d => d.TargetId).Take(SearchService.PerGroup + 1).ToList();
        var facts = await FactsAsync(byPerson.Select(g => g.Key).ToList(), ct);
        return byPerson.Where(g => facts.ContainsKey(g.Key)).Select(g => new SearchHit(
            PhoneOf(g.First()) ?? "phone", $"/people/{g.Key}", $"given by {facts[g.Key].Name} · {facts[g.Key].Describe()}", facts[g.Key].Latest)).ToList();
    }

    public async Task<List<SearchHit>> AddressesAsync(List<SearchDocument> docs, CancellationToken ct)
    {
        var personIds = docs.Where(d => d.Kind == SearchKinds.Person).Select(d => d.TargetId).Distinct().ToList();
        var facts = await FactsAsync(personIds, ct);
        return docs.Where(d => d.Kind != SearchKinds.Person || facts.ContainsKey(d.TargetId)).Select(d => d.Kind == SearchKinds.Person
                ? new SearchHit(d.Address ?? "", $"/people/{d.TargetId}", $"given by {facts[d.TargetId].Name}", d.FoundAt)
                : new SearchHit(d.Address ?? "", $"/cases/{d.CaseId}", d.Title, d.FoundAt))
            .DistinctBy(h => h.Href).ToList();
    }

    /// <summary>Name, roles and visible deaths of each person (a person appearing only in deaths the reader cannot
    /// see is dropped: their document was found through a granted case that has since been withdrawn).</summary>
    private async Task<Dictionary<Guid, PersonFacts>> FactsAsync(List<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var names = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        // Visibility as a correlated EXISTS, not a join: joined, SQLite (no statistics) walks a whole team's cases by
        // the team index (4.8 s on a million deaths); as EXISTS it checks each appearance's case by primary key.
        var rows = await db.CasePeople.AsNoTracking().Where(cp => ids.Contains(cp.PersonId) && visible.Any(v => v.Id == cp.CaseId))
            .Join(db.Cases, cp => cp.CaseId, c => c.Id, (cp, c) => new { cp.PersonId, cp.Role, cp.CaseId, c.FoundAt }).ToListAsync(ct);
        return rows.GroupBy(r => r.PersonId).Where(g => names.ContainsKey(g.Key)).ToDictionary(g => g.Key, g => new PersonFacts(
            g.Key, names[g.Key], g.Select(r => r.Role).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            g.Select(r => r.CaseId).Distinct().Count(), g.Max(r => r.FoundAt)));
    }

    private static string? PhoneOf(SearchDocument d) =>
        d.Text is { } t && t.LastIndexOf(" · ", StringComparison.Ordinal) is var i and >= 0 ? t[(i + 3)..] : null;

    private sealed record PersonFacts(Guid Id, string Name, List<string> Roles, int Deaths, DateTime Latest)
    {
        // Roles in words, as the case page says them: the hit read "last-seen-with · in 1 death" (walk53).
        public string Describe() => $"{Shared.Words.List(Roles)} · in {Deaths} death{(Deaths == 1 ? "" : "s")} you can see";
    }
}
