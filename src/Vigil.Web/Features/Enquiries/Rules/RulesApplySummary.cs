namespace Vigil.Web.Features.Enquiries.Rules;

/// <summary>What `vigil rules apply` did (or, in a dry run, would do): cases examined and changed, actions added by
/// rule, and the cases skipped with why.</summary>
public sealed class RulesApplySummary
{
    /// <summary>The audit trail's name for the run's own entry.</summary>
    public const string AuditType = "RulesApply";

    /// <summary>References kept per reason for the report; the counts are whole.</summary>
    public const int ReferencesKept = 20;

    public int Examined { get; set; }
    public int Changed { get; private set; }
    public SortedDictionary<string, int> AddedByRule { get; } = new(StringComparer.Ordinal);
    public int Added => AddedByRule.Values.Sum();

    /// <summary>Per reason: the cases (a few references) and the actions the rules would have added to them.</summary>
    public SortedDictionary<string, Skipped> SkippedFor { get; } = new(StringComparer.Ordinal);

    /// <summary>Cases skipped for a reason other than a gate (closed): they still miss actions, and the exit code says so.</summary>
    public int Failed { get; private set; }

    public TimeSpan Elapsed { get; set; }

    public sealed class Skipped
    {
        public int Cases { get; set; }
        public int Actions { get; set; }
        public List<string> References { get; } = [];
    }

    /// <summary>The selection: of the cases the rules would add actions to, those no gate refuses, and the refused ones
    /// with the gate's reason (a closed case is a concluded record, changed only after a decision reopens it).</summary>
    public static (IReadOnlyList<(DeathCase Case, IReadOnlyList<RuleHit> Hits)> ToApply, IReadOnlyList<(DeathCase Case, IReadOnlyList<RuleHit> Hits, string Why)> Refused)
        Split(IReadOnlyList<(DeathCase Case, IReadOnlyList<RuleHit> Hits)> unraised, IReadOnlyDictionary<Guid, string> refusals)
    {
        var toApply = new List<(DeathCase, IReadOnlyList<RuleHit>)>(unraised.Count);
        var refused = new List<(DeathCase, IReadOnlyList<RuleHit>, string)>();
        foreach (var (c, hits) in unraised)
            if (refusals.TryGetValue(c.Id, out var why)) refused.Add((c, hits, why));
            else toApply.Add((c, hits));
        return (toApply, refused);
    }

    public void Count(IReadOnlyList<(DeathCase Case, IReadOnlyList<RuleHit> Hits)> added)
    {
        Changed += added.Count;
        foreach (var hit in added.SelectMany(a => a.Hits)) AddedByRule[hit.Rule.Id] = AddedByRule.GetValueOrDefault(hit.Rule.Id) + 1;
    }

    public void Skip(string reference, string why, IReadOnlyList<RuleHit> hits)
    {
        if (!SkippedFor.TryGetValue(why, out var skipped)) SkippedFor[why] = skipped = new();
        skipped.Cases++;
        skipped.Actions += hits.Count;
        if (skipped.References.Count < ReferencesKept) skipped.References.Add(reference);
    }

    public void Fail(string reference, string why)
    {
        Failed++;
        Skip(reference, why, []);
    }
}
