using Vigil.Linkage.Features;
using Vigil.Linkage.Index;
using Vigil.Web.Features.Linkage.Alerts;

namespace Vigil.Web.Features.Linkage;

/// <summary>A death compared again (an edit, a re-import that changed it, a person merge or split) scores its undecided
/// pairs again, not only the earlier deaths it still alerts on: a pair its alert no longer names kept the score it was
/// raised with, and stayed in the open queue as if the deaths were still alike (ADR 3142).</summary>
public sealed partial class LinkageEngine
{
    /// <summary>What a comparison scores again besides its alerts: by case, the undecided pairs of the cases that may
    /// have been compared before (either way round); by series, the deaths proposed to a series one of those cases is in.</summary>
    private sealed record Undecided(IReadOnlySet<Guid> Asked, ILookup<Guid, Guid> Pairs, ILookup<Guid, Guid> Proposed)
    {
        public static readonly Undecided None = new(new HashSet<Guid>(), Array.Empty<Guid>().ToLookup(id => id), Array.Empty<Guid>().ToLookup(id => id));
    }

    /// <summary>The undecided pairs and proposals of the cases that may have been compared before. A case at its first
    /// version and not in the index was never compared, so a first import asks nothing.</summary>
    private async Task<Undecided> UndecidedAsync(IReadOnlyList<DeathCase> cases, CancellationToken ct)
    {
        var ids = cases.Where(c => c.Version > 1 || latest.ContainsKey(c.Id)).Select(c => c.Id).ToArray();
        if (ids.Length == 0) return Undecided.None;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var pairs = await LinkageStore.UndecidedPairsOf(db, ids).ToListAsync(ct);
        var asked = ids.ToHashSet();
        var series = ids.SelectMany(id => seriesOfCase.GetValueOrDefault(id) ?? []).Distinct().ToArray();
        var proposed = series.Length == 0 ? [] : await LinkageStore.ProposedIn(db, series).ToListAsync(ct);
        return new Undecided(asked,
            pairs.SelectMany(p => new[] { (p.NewerCaseId, p.EarlierCaseId), (p.EarlierCaseId, p.NewerCaseId) })
                .Where(p => asked.Contains(p.Item1)).ToLookup(p => p.Item1, p => p.Item2),
            proposed.ToLookup(p => p.SeriesId, p => p.CaseId));
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
                StoredExplanation.From(explanation, inUse?.ShortId).ToJson(), ix.Threshold);
        }
    }

    /// <summary>The deaths proposed to each series the case is in, scored again against the series as a whole now that
    /// the case has changed, its own proposal among them — unless its alert proposes it to that series again, which the
    /// writer scores. Run once the case's new facts are indexed: the series is scored as it is now (ADR 3145). In a
    /// series of more than <see cref="MaxSeriesRescoredWhole"/> deaths only the case's own proposal is scored again:
    /// each proposal is scored against every member, and a prolific finder's candidate series of hundreds made every
    /// comparison of one of its deaths take minutes.</summary>
    public const int MaxSeriesRescoredWhole = 100;

    private IEnumerable<MemberRescore> RescoreProposals(LinkageIndex ix, Guid caseId, CaseAssessment? alert, ILookup<Guid, Guid> proposed,
        IReadOnlySet<Guid> notYetCompared)
    {
        foreach (var seriesId in seriesOfCase.GetValueOrDefault(caseId) ?? [])
        {
            var members = (membersOfSeries.GetValueOrDefault(seriesId) ?? []).Select(m => m.ToString()).ToList();
            var whole = members.Count <= MaxSeriesRescoredWhole;
            foreach (var member in proposed[seriesId])
            {
                if (!whole && member != caseId) continue;
                if (member == caseId && alert?.Series?.SeriesId == seriesId) continue;
                if (notYetCompared.Contains(member) || !latest.TryGetValue(member, out var r)) continue; // its own comparison scores it
                var scored = ix.AssessAgainst(r, members);
                if (scored.Members > 0) yield return new MemberRescore(seriesId, member, scored.Probability, scored.Reasons, ix.Threshold);
            }
        }
    }
}
