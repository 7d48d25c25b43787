using Microsoft.EntityFrameworkCore;
using Vigil.Data.Cases;
using Vigil.Data.People;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Rules;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>What `vigil rules apply` picks (ADR 3147), without a store: the hits no action was raised for, and of those
/// the cases no gate refuses; and what it does when a case changes or closes under a save.</summary>
public sealed class RulesApplySelectionTests
{
    private static readonly EnquiryRuleEngine Engine = new(EnquiryRuleSet.BuiltIn());

    /// <summary>A note and a person last seen with: note-handwriting, note-comparison-samples, tie-last-seen.</summary>
    private static DeathCase NoteAndLastSeen()
    {
        var c = new DeathCase
        {
            Reference = "VGL-2026-000007", Setting = "home-own", Manner = "natural", Position = "lying-supine",
            Deceased = new Deceased { Name = "Edith Cole", Age = 88 },
        };
        c.SetSceneFeatures(["note-found"]);
        c.People.Add(new CasePerson { Role = "last-seen-with", NameAsWritten = "Rowan Vale", PersonId = Guid.CreateVersion7() });
        return c;
    }

    private static IReadOnlyList<(DeathCase Case, IReadOnlyList<RuleHit> Hits)> Hits(params DeathCase[] cases) =>
        [.. cases.Select(c => (c, Engine.Evaluate(c)))];

    [Fact]
    public void HitsRaisedBefore_WhateverBecameOfThem_AreLeftOut_TheRestKeptInRuleOrder()
    {
        var c = NoteAndLastSeen();
        var hits = Hits(c);
        var handwriting = hits[0].Hits.Single(h => h.Rule.Id == "note-handwriting").TriggerKey;
        var unraised = EnquiryRulesHook.WithoutRaised(hits, [(c.Id, handwriting)]);
        Assert.Equal(["note-comparison-samples", "tie-last-seen"], Assert.Single(unraised).Hits.Select(h => h.Rule.Id));
    }

    [Fact]
    public void CaseWithEveryHitRaised_IsNotSelected()
    {
        var c = NoteAndLastSeen();
        var hits = Hits(c);
        Assert.Empty(EnquiryRulesHook.WithoutRaised(hits, [.. hits[0].Hits.Select(h => (c.Id, h.TriggerKey))]));
    }

    [Fact]
    public void AnActionOfAnotherCase_DoesNotCountAsRaised()
    {
        var (one, two) = (NoteAndLastSeen(), NoteAndLastSeen());
        var hits = Hits(one, two);
        var unraised = EnquiryRulesHook.WithoutRaised(hits, [.. hits[0].Hits.Select(h => (one.Id, h.TriggerKey))]);
        Assert.Equal(two.Id, Assert.Single(unraised).Case.Id);
    }

    [Fact]
    public void RefusedCases_AreSkippedWithTheGatesReason_TheOthersApplied()
    {
        var (open, closed) = (NoteAndLastSeen(), NoteAndLastSeen());
        var (toApply, refused) = RulesApplySummary.Split(Hits(open, closed), new Dictionary<Guid, string> { [closed.Id] = "closed" });
        Assert.Equal(open.Id, Assert.Single(toApply).Case.Id);
        Assert.Equal((closed.Id, 3, "closed"), (refused[0].Case.Id, refused[0].Hits.Count, refused[0].Why));
    }

    [Fact]
    public void Summary_CountsActionsByRule_AndKeepsAFewReferencesPerReason()
    {
        var summary = new RulesApplySummary();
        summary.Count(Hits(NoteAndLastSeen(), NoteAndLastSeen()));
        Assert.Equal((2, 6), (summary.Changed, summary.Added));
        Assert.Equal(2, summary.AddedByRule["tie-last-seen"]);
        for (var i = 0; i < RulesApplySummary.ReferencesKept + 5; i++) summary.Skip($"VGL-2026-{i:000000}", "closed", Engine.Evaluate(NoteAndLastSeen()));
        var skipped = summary.SkippedFor["closed"];
        Assert.Equal((RulesApplySummary.ReferencesKept + 5, 3 * (RulesApplySummary.ReferencesKept + 5), RulesApplySummary.ReferencesKept),
            (skipped.Cases, skipped.Actions, skipped.References.Count));
        Assert.Equal(0, summary.Failed);
    }

    /// <summary>A save that fails as the store fails it: a stale version for the ids in <paramref name="stale"/> (as
    /// many times as listed), a gate's refusal for <paramref name="closed"/>, for a batch holding any of them.</summary>
    private static Func<IReadOnlyList<Guid>, Task<IReadOnlyList<(DeathCase Case, IReadOnlyList<RuleHit> Hits)>>> Save(Dictionary<Guid, DeathCase> cases,
        List<Guid> stale, Guid? closed = null) => ids =>
    {
        if (closed is { } id && ids.Contains(id)) throw new CaseChangeRefusedException(new Dictionary<Guid, string> { [id] = "closed" });
        if (ids.FirstOrDefault(stale.Contains) is var changed && changed != Guid.Empty)
        {
            if (ids.Count == 1) stale.Remove(changed);
            throw new DbUpdateConcurrencyException("stale version");
        }
        return Task.FromResult(Hits([.. ids.Select(i => cases[i])]));
    };

    private static Dictionary<Guid, DeathCase> Cases(int n) => Enumerable.Range(0, n).Select(_ => NoteAndLastSeen()).ToDictionary(c => c.Id);

    [Fact]
    public async Task BatchWithACaseEditedUnderIt_IsSavedCaseByCase_AndTheEditedCaseIsReadAgain()
    {
        var cases = Cases(3);
        var edited = cases.Keys.ElementAt(1);
        var summary = new RulesApplySummary();
        await RulesApply.ApplyAsync([.. cases.Keys], summary, Save(cases, [edited]), id => Task.FromResult(cases[id].Reference));
        Assert.Equal((3, 9, 0), (summary.Changed, summary.Added, summary.Failed));
        Assert.Empty(summary.SkippedFor);
    }

    [Fact]
    public async Task CaseStillChangingAfterEveryTry_IsReported_AndTheOthersApplied()
    {
        var cases = Cases(2);
        var busy = cases.Keys.First();
        var summary = new RulesApplySummary();
        await RulesApply.ApplyAsync([.. cases.Keys], summary, Save(cases, [.. Enumerable.Repeat(busy, RulesApply.MaxTries + 1)]),
            id => Task.FromResult(cases[id].Reference));
        Assert.Equal((1, 1), (summary.Changed, summary.Failed));
        Assert.Equal([cases[busy].Reference], Assert.Single(summary.SkippedFor).Value.References);
    }

    [Fact]
    public async Task CaseClosedUnderTheRun_IsSkippedWithTheGatesReason_NotFailed()
    {
        var cases = Cases(2);
        var closed = cases.Keys.Last();
        var summary = new RulesApplySummary();
        await RulesApply.ApplyAsync([.. cases.Keys], summary, Save(cases, [], closed), id => Task.FromResult(cases[id].Reference));
        Assert.Equal((1, 0), (summary.Changed, summary.Failed));
        Assert.Equal(1, summary.SkippedFor["closed"].Cases);
        Assert.Equal([cases[closed].Reference], summary.SkippedFor["closed"].References);
    }
}
