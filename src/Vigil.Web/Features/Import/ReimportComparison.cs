using Vigil.Web.Features.Cases;

namespace Vigil.Web.Features.Import;

/// <summary>Whether importing a record again would change the case it names (ADR 1630). A force re-sends its whole
/// extract each night: a record that changes nothing leaves its case untouched (no new version, no audit entry that
/// records nothing, no rules, no linkage), so an officer editing the case meanwhile is not refused a stale version.
/// Each part is compared as <see cref="CaseWriter.UpdateAsync"/> would apply it; anything it cannot show to be the
/// same counts as a change and is imported as before.</summary>
public static class ReimportComparison
{
    /// <param name="c">The case with its people (each with its register entry), toxicology and exhibits loaded.</param>
    /// <param name="heldExhibits">Of the case's exhibits the record no longer lists, those with a chain of custody or a
    /// forensic submission (<see cref="CaseWriter.ExhibitsHeldAsync"/>): the update keeps them as they are. An exhibit
    /// not in the set counts as one the update would remove.</param>
    public static bool Changes(DeathCase c, DeathRecord record, IReadOnlySet<Guid> heldExhibits) =>
        ClassificationChanges(c, record) || FactsChange(c, record) || ToxicologyChanges(c, record)
        || PeopleChange(c, record) || ExhibitsChange(c, record, heldExhibits);

    /// <summary>A re-import takes a changed source term; no term, or the one held, leaves the category alone.</summary>
    private static bool ClassificationChanges(DeathCase c, DeathRecord record) =>
        record.Classification is { } term && term != (c.SourceClassification ?? c.Classification);

    /// <summary>The scalar facts, through the same mapping both ways: the record applied to a blank case reads back as
    /// the case itself does when nothing differs (times in UTC, scene features in order, unknown fields kept).</summary>
    private static bool FactsChange(DeathCase c, DeathRecord record)
    {
        var applied = new DeathCase { Source = c.Source, SourceRef = c.SourceRef, ExtraJson = c.ExtraJson };
        CaseRecordMapper.ApplyFacts(applied, record);
        return FactsOf(applied) != FactsOf(c);
    }

    /// <summary>Times at the stores' precision, the microsecond: a case stored with seven digits before ADR 3148 reads
    /// the same as the record that wrote it, now applied with six.</summary>
    private static string FactsOf(DeathCase c)
    {
        var facts = CaseRecordMapper.ToRecord(c);
        return DeathRecordWriter.ToJson(facts with
        {
            FoundAt = CaseRecordMapper.StoredTime(facts.FoundAt), ReportedAt = facts.ReportedAt is { } at ? CaseRecordMapper.StoredTime(at) : null,
            People = [], Toxicology = [], Exhibits = [], Classification = null,
        });
    }

    /// <summary>Results and people as sets: the order they load in is the store's, not the record's, and carries no
    /// meaning.</summary>
    private static bool ToxicologyChanges(DeathCase c, DeathRecord record)
    {
        var results = record.Toxicology ?? [];
        return results.Count != c.Toxicology.Count || !Ordered(c.Toxicology.Select(t => (t.Substance, t.ConcentrationMgL)))
            .SequenceEqual(Ordered(results.Select(t => (t.Substance.Trim(), t.ConcentrationMgL))));
    }

    private static IEnumerable<(string Substance, double? Concentration)> Ordered(IEnumerable<(string, double?)> results) =>
        results.OrderBy(t => t.Item1, StringComparer.Ordinal).ThenBy(t => t.Item2);

    private static bool PeopleChange(DeathCase c, DeathRecord record)
    {
        var people = record.People ?? [];
        if (people.Count != c.People.Count) return true;
        var unmatched = c.People.ToList();
        foreach (var p in people)
        {
            var link = unmatched.FindIndex(l => PeopleResolver.SameMention(l, p));
            if (link < 0) return true;
            unmatched.RemoveAt(link);
        }
        return false;
    }

    /// <summary>Exhibits are matched by position, as the update does. One the record no longer lists is a change
    /// unless the update keeps it for its chain of custody (ADR 1630, round 41): kept, it stays as it is.</summary>
    private static bool ExhibitsChange(DeathCase c, DeathRecord record, IReadOnlySet<Guid> heldExhibits)
    {
        var incoming = record.Exhibits ?? [];
        var held = CaseWriter.ExhibitsByPosition(c);
        if (incoming.Count > held.Count || held.Skip(incoming.Count).Any(e => !heldExhibits.Contains(e.Id))) return true;
        return incoming.Where((e, i) => held[i].Type != e.Type || held[i].Description != e.Description || held[i].Tested != e.Tested).Any();
    }
}
