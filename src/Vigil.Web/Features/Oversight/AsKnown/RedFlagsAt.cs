using Vigil.Web.Features.Enquiries;

namespace Vigil.Web.Features.Oversight.AsKnown;

/// <summary>The red flags a rebuilt case was showing: the rules of <see cref="RedFlags"/>, applied in memory to the
/// state at the moment instead of by query to the state now. A test holds the two together on the stored state.</summary>
public static class RedFlagsAt
{
    /// <param name="recurring">People of this case who, at the moment, were also finder, caller, last seen with or
    /// present at another death.</param>
    public static List<RedFlagKind> Of(CaseSnapshot s, IReadOnlySet<Guid> recurring)
    {
        var flags = new List<RedFlagKind>();
        if (s.Case is not { } c) return flags;
        if (c.Manner == "suicide" && (c.SceneFeatures.Contains("clothing-anomaly", StringComparison.Ordinal) || c.People.Any(p => p.Role == "present-at-death")))
            flags.Add(RedFlags.SuicideContradiction);
        if ((c.SceneFeatures.Contains("note-found", StringComparison.Ordinal) || c.Exhibits.Any(e => e.Type == "note"))
            && !s.Actions.Any(a => a.Source == "note-handwriting" && RedFlags.Examined.Contains(a.Status)))
            flags.Add(RedFlags.NoteUnexamined);
        if (c.Classification == CaseClassification.NotSuspicious
            && c.Exhibits.Any(e => RedFlags.Paraphernalia.Contains(e.Type) && e.Tested != true && !s.Submissions.Any(x => x.ExhibitId == e.Id)))
            flags.Add(RedFlags.UntestedParaphernalia);
        if (c.People.Any(p => RedFlags.RecurringRoles.Contains(p.Role) && recurring.Contains(p.PersonId)))
            flags.Add(RedFlags.RecurringPerson);
        return flags;
    }
}
