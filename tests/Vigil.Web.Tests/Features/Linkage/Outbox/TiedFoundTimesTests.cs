using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Web.Features.Linkage;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>Deaths found at one moment are compared in one order, by case (ADR 1635): the order a batch sorts its cases
/// in and a start builds the index in. The outbox was taken in the order rows were queued, so how many deaths a batch
/// took decided which of two deaths found together was compared first, and what the engine had learnt when it scored each.</summary>
public sealed class TiedFoundTimesTests
{
    [Theory]
    [InlineData("sqlite", 1)]
    [InlineData("sqlite", 4)]
    [InlineData("postgres", 1)]
    [InlineData("postgres", 4)]
    public async Task DeathsFoundAtOneMoment_AreComparedInCaseOrder_WhateverTheBatch(string provider, int batchSize)
    {
        // Six finders, each with two deaths, all twelve found at the same moment; each finder's second death names the
        // first, and only the first: each finder's deaths at a place of its own (LinkageSamples.Apart), as random places
        // put two finders within a kilometre now and then, where deaths found together alert on each other's (round 46).
        var finders = Enumerable.Range(0, 6).Select(_ => LinkageSamples.UniqueFinder()).ToArray();
        var moment = LinkageSamples.StartOf(finders[0].Finder);
        var records = finders.SelectMany((f, s) => Enumerable.Range(0, 2).Select(i =>
        {
            var death = LinkageSamples.Victim(f, i * 19 + s, $"Tied Victim {s}-{i}", LinkageSamples.Apart(s));
            return death with { FoundAt = moment, ReportedAt = moment.AddMinutes(21) };
        })).ToArray();
        List<(Guid Newer, Guid Earlier)> pairs = [];

        await CatchUpFindings.LinkAsync(provider, records, batchSize, async db =>
            pairs = (await db.Candidates().AsNoTracking().Select(c => new { c.NewerCaseId, c.EarlierCaseId }).ToListAsync())
                .ConvertAll(c => (c.NewerCaseId, c.EarlierCaseId)));

        Assert.Equal(finders.Length, pairs.Count);
        // The death compared first is the earlier of the pair: the one whose case id comes first.
        Assert.All(pairs, p => Assert.True(p.Earlier.CompareTo(p.Newer) < 0, $"{p.Newer} was compared before {p.Earlier}"));
    }
}
