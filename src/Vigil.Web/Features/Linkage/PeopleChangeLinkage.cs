using Vigil.Web.Features.People;

namespace Vigil.Web.Features.Linkage;

/// <summary>Linkage's side of a person merge or split (ADR 0702): the cases whose people moved are indexed again, with
/// each appearance under the name of the record it now belongs to, and compared again, so a merge can raise the alert
/// the two spellings hid. Kept apart from the engine; the engine's only change is to read names through
/// <see cref="MergedNames"/>.</summary>
public sealed class PeopleChangeLinkage(LinkageEngine engine, Microsoft.Extensions.Options.IOptions<LinkageSettings> options, IServiceScopeFactory scopes) : IPeopleChangeListener
{
    private readonly LinkageSettings settings = options.Value;

    public async Task AfterPeopleChangedAsync(PeopleChanged change, CancellationToken ct)
    {
        if (!settings.Enabled || change.CaseIds.Count == 0) return;
        // Before the cases are read: the worker's read-ahead may hold them with the names from before (ADR 2601).
        engine.NoteUnversionedChange();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var cases = await db.Cases.AsNoTracking().Include(c => c.People).ThenInclude(p => p.Person).Include(c => c.Toxicology).AsSplitQuery()
            .Where(c => change.CaseIds.Contains(c.Id)).OrderBy(c => c.FoundAt).ToListAsync(ct);
        try
        {
            var compared = await engine.CompareAsync(cases, ct);
            await scope.ServiceProvider.GetRequiredService<Alerts.AlertWriter>().SaveAsync(compared, ct);
        }
        catch
        {
            // As the worker does: the index holds these cases, and the series their alerts started, as if stored.
            await engine.ResetAsync();
            throw;
        }
    }
}

/// <summary>The name the engine compares for each appearance: as the officer wrote it, unless an analyst has put the
/// appearance under a person record of another name (a merge), when the record's name is used.</summary>
public static class MergedNames
{
    public static DeathRecord Apply(DeathCase c, DeathRecord r)
    {
        if (c.People.Count == 0 || r.People is null) return r;
        var people = r.People.Select((p, i) => NameOf(c.People[i]) is var name && !string.Equals(name, p.Name, StringComparison.Ordinal)
            ? p with { Name = name } : p).ToList();
        return r with { People = people };
    }

    /// <summary>The name the engine compares for one appearance (also what its fingerprint reads, ADR 3205).</summary>
    public static string? NameOf(Data.People.CasePerson link) =>
        link.Person is { } person && !string.IsNullOrWhiteSpace(link.NameAsWritten)
        && !string.Equals(Data.People.PersonKeys.Name(link.NameAsWritten), Data.People.PersonKeys.Name(person.Name), StringComparison.Ordinal)
        && !person.MatchKey.StartsWith("unnamed|", StringComparison.Ordinal)
            ? person.Name : link.NameAsWritten;
}
