using Vigil.Linkage.Features;
using Vigil.Linkage.Index;
using Vigil.Web.Features.Linkage.Alerts;

namespace Vigil.Web.Features.Linkage;

/// <summary>A death compared again (an edit, a re-import that changed it, a person merge or split) scores its undecided
/// pairs again, not only the earlier deaths it still alerts on: a pair its alert no longer names kept the score it was
/// raised with, and stayed in the open queue as if the deaths were still alike (ADR 3142).</summary>
public sealed partial class LinkageEngine
{
    /// <summary>The undecided pairs of the cases that may have been compared before, by case, either way round. A case
    /// at its first version and not in the index was never compared, so a first import asks nothing.</summary>
    private async Task<ILookup<Guid, Guid>> UndecidedPairsAsync(IReadOnlyList<DeathCase> cases, CancellationToken ct)
    {
        var ids = cases.Where(c => c.Version > 1 || latest.ContainsKey(c.Id)).Select(c => c.Id).ToArray();
        if (ids.Length == 0) return Array.Empty<Guid>().ToLookup(id => id);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var pairs = await LinkageStore.UndecidedPairsOf(db, ids).ToListAsync(ct);
        var asked = ids.ToHashSet();
        return pairs.SelectMany(p => new[] { (p.NewerCaseId, p.EarlierCaseId), (p.EarlierCaseId, p.NewerCaseId) })
            .Where(p => asked.Contains(p.Item1)).ToLookup(p => p.Item1, p => p.Item2);
    }

    /// <summary>The case's undecided pairs its alert does not name, scored from its side on the index as it is. A pair
    /// with a death of the batch not compared yet is left to that death's comparison, which sees both as they are now.</summary>
    private IEnumerable<PairRescore> Rescore(LinkageIndex ix, Guid caseId, LinkageRecord r, DeathAssessment assessment, CaseAssessment? alert,
        IEnumerable<Guid> undecided, IReadOnlySet<Guid> notYetCompared)
    {
        foreach (var other in undecided)
        {
            if (notYetCompared.Contains(other) || alert?.Earlier.Any(e => e.CaseId == other) == true) continue;
            if (!latest.TryGetValue(other, out var earlier)) continue; // queued, not indexed: its own comparison scores the pair
            var ranked = assessment.Candidates.FirstOrDefault(x => x.Earlier.Ref == earlier.Ref);
            var explanation = ranked is null ? ix.Explain(r, earlier) : ix.Explain(r, assessment, ranked);
            yield return new PairRescore(caseId, other, explanation.Score.Probability, explanation.Summary,
                StoredExplanation.From(explanation).ToJson(), ix.Threshold);
        }
    }
}
