using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Queue;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>ADR 3280: two analysts deciding one pair, or one proposed member of a series, in the same milliseconds. The
/// later request is held by a <see cref="CommandPause"/> just after the decision's read of the pair or member (its page
/// already read), the other analyst's decision goes through, then the held one goes on: the status token refuses it at
/// the save. It is answered 409 (ADR 3273) with the pair or member as it now is — decided by the other — not as the
/// held request read it, and with the reason typed (ADR 3278); nothing of it is recorded.</summary>
public abstract class LinkageDecisionRaceTests
{
    protected abstract VigilAppFactory NewApp(Action<IServiceCollection> services);

    private Task<(VigilAppFactory App, CommandPause Pause)> StartAsync(Func<string, bool> decisionsRead) => CommandPause.AppAsync(NewApp, decisionsRead);

    /// <summary>Before: the refused analyst's page showed the pair "open", as read before the other's confirmation landed.</summary>
    [Fact]
    public async Task APair_DecidedByTwoAnalystsAtOnce_TheLaterIsRefused_AndShownThePairAsConfirmed_WithItsReason()
    {
        // The decision's read of the pair by its id: the page's read of it also asks which deaths the analyst may read.
        var (app, pause) = await StartAsync(sql => sql.Contains("link_candidates", StringComparison.Ordinal) && !sql.Contains("EXISTS", StringComparison.Ordinal));
        await using var _ = app;
        var (_, ann, _, _, _, row) = await LinkageClient.AlertedPairAsync(app, app);
        var bob = await app.CreateUserAsync(Roles.Analyst);
        var url = $"/linkage/candidates/{row.Id}";
        using var annBrowser = await app.SignedInClientAsync(ann);
        using var bobBrowser = await app.SignedInClientAsync(bob);
        var (annPage, bobPage) = (await annBrowser.GetStringAsync(url), await bobBrowser.GetStringAsync(url));
        var bobsReason = "Different finders on record " + row.Id;

        var (won, lost) = await pause.RaceAsync(late: () => DecideAsync(bobBrowser, url, bobPage, new() { ["Decision"] = "reject", ["Reason"] = bobsReason }),
            first: () => DecideAsync(annBrowser, url, annPage, new() { ["Decision"] = "confirm", ["Reason"] = "Same finder, same wall" }));
        Assert.Equal(HttpStatusCode.Redirect, won.StatusCode);
        await AssertPairShownConfirmedAsync(app, row.Id, bobsReason, lost);
    }

    /// <summary>The same, one step apart (walk58's leftover, ADR 3292). Before: the refused page showed the decision form
    /// again, under a pair that can no longer be decided, with the reason typed in its box as if it could be sent again.</summary>
    [Fact]
    public async Task APair_DecidedSinceThePageOpened_IsRefusedAsAConflict_WithoutTheForm_AndTheReasonTypedShownNotRecorded()
    {
        var (app, _) = await StartAsync(_ => false);
        await using var __ = app;
        var (_, ann, _, _, _, row) = await LinkageClient.AlertedPairAsync(app, app);
        var url = $"/linkage/candidates/{row.Id}";
        using var annBrowser = await app.SignedInClientAsync(ann);
        using var bobBrowser = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Analyst));
        var (annPage, bobPage) = (await annBrowser.GetStringAsync(url), await bobBrowser.GetStringAsync(url));
        var bobsReason = "Different finders on record " + row.Id;

        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(annBrowser, url, annPage, new() { ["Decision"] = "confirm", ["Reason"] = "Same finder, same wall" })).StatusCode);
        await AssertPairShownConfirmedAsync(app, row.Id, bobsReason, await DecideAsync(bobBrowser, url, bobPage, new() { ["Decision"] = "reject", ["Reason"] = bobsReason }));
    }

    /// <summary>Bob's refused rejection of the pair: 409, why, the pair as it now is (confirmed, and when), no decision form,
    /// and Bob's reason shown as not recorded (ADR 3278's block) — and nothing of it recorded.</summary>
    private static async Task AssertPairShownConfirmedAsync(VigilAppFactory app, Guid pair, string bobsReason, HttpResponseMessage lost)
    {
        Assert.Equal(HttpStatusCode.Conflict, lost.StatusCode);
        var shown = Forms.Parse(await lost.Content.ReadAsStringAsync());
        Assert.Contains(LinkDecisions.CandidateDecided.Title, shown.QuerySelector("[data-error-summary]")?.TextContent ?? "", StringComparison.Ordinal);
        // As it now is: confirmed, and when; not "open", as Bob's request read it before Ann's decision landed.
        Assert.Contains(IndexModel.ChangeLabel(LinkStatus.Confirmed), shown.QuerySelector(".status-changed")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Null(shown.QuerySelector("input[name=Decision]"));
        Assert.Null(shown.QuerySelector("#Reason"));
        Assert.Equal(bobsReason, shown.QuerySelector("[data-not-recorded] blockquote")?.TextContent);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(LinkStatus.Confirmed, (await db.Candidates().SingleAsync(c => c.Id == pair)).Status);
            Assert.True(Assert.Single(await db.Decisions().Where(d => d.CandidateId == pair).ToListAsync()).Confirmed);
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Changes.Contains(bobsReason)));
        });
    }

    /// <summary>Before: the refused analyst's page showed the member "proposed", with its decision form, as read before the
    /// other's confirmation landed. The series page had no test of a refused decision at all (round 57).</summary>
    [Fact]
    public async Task ASeriesMember_DecidedByTwoAnalystsAtOnce_TheLaterIsRefused_AndShownTheMemberAsConfirmed_WithItsReason()
    {
        // The decision's read of the member, by the series and the death (the page reads the series' members by the series).
        var (app, pause) = await StartAsync(sql => sql.Contains("linked_series_members", StringComparison.Ordinal) && sql.Contains("\"CaseId\" = @", StringComparison.Ordinal));
        await using var _ = app;
        var s = await SeriesOpenAsync(app);
        using var ann = s.Ann;
        using var bob = s.Bob;

        var (won, lost) = await pause.RaceAsync(late: () => DecideAsync(bob, s.Url, s.BobPage, s.Decision("reject", s.BobsReason)),
            first: () => DecideAsync(ann, s.Url, s.AnnPage, s.Decision("confirm", "Same dealer's number")));
        Assert.Equal(HttpStatusCode.Redirect, won.StatusCode);
        await AssertShownConfirmedAsync(app, s, lost);
    }

    /// <summary>The same, one step apart. Before: the page read the member decided, said "That death is not awaiting a
    /// decision in this series" beside nothing (the member's form gone), at 200, and the reason typed was lost.</summary>
    [Fact]
    public async Task ASeriesMember_DecidedSinceThePageOpened_IsRefusedAsAConflict_AndShownAsConfirmed_WithTheReasonTyped()
    {
        var (app, _) = await StartAsync(_ => false);
        await using var __ = app;
        var s = await SeriesOpenAsync(app);
        using var ann = s.Ann;
        using var bob = s.Bob;

        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(ann, s.Url, s.AnnPage, s.Decision("confirm", "Same dealer's number"))).StatusCode);
        await AssertShownConfirmedAsync(app, s, await DecideAsync(bob, s.Url, s.BobPage, s.Decision("reject", s.BobsReason)));
    }

    /// <summary>A candidate series of two deaths, both proposed, and two analysts with its page open.</summary>
    private sealed record OpenSeries(Guid Id, Guid Proposed, HttpClient Ann, string AnnPage, HttpClient Bob, string BobPage)
    {
        public string Url => $"/series/{Id}";
        public string BobsReason => "Nothing ties them but the week " + Id;
        public Dictionary<string, string> Decision(string choice, string reason) => new() { ["CaseId"] = Proposed.ToString(), ["Decision"] = choice, ["Reason"] = reason };
    }

    private static async Task<OpenSeries> SeriesOpenAsync(VigilAppFactory app)
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var proposed = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 0, "Owen Carraway"));
        var other = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 9, "Cai Trevelyan"));
        var seriesId = (await CandidateSeriesSeed.AddAsync(app, AlertKind.Pair, proposed.Id, other.Id)).Id;
        var ann = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Analyst));
        var bob = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Analyst));
        return new(seriesId, proposed.Id, ann, await ann.GetStringAsync($"/series/{seriesId}"), bob, await bob.GetStringAsync($"/series/{seriesId}"));
    }

    /// <summary>Bob's refused rejection: 409, why, the member as it now is — confirmed, with Ann's reason and no decision
    /// form — and Bob's reason beside it, not recorded.</summary>
    private static async Task AssertShownConfirmedAsync(VigilAppFactory app, OpenSeries s, HttpResponseMessage lost)
    {
        Assert.Equal(HttpStatusCode.Conflict, lost.StatusCode);
        var shown = Forms.Parse(await lost.Content.ReadAsStringAsync());
        Assert.Contains(LinkDecisions.MemberDecided.Title, shown.QuerySelector("#members [data-error-summary]")?.TextContent ?? "", StringComparison.Ordinal);
        var member = shown.QuerySelector($"#member-{s.Proposed}")!;
        Assert.Contains("member-confirmed", member.ClassName ?? "", StringComparison.Ordinal);
        Assert.Contains("Same dealer's number", member.TextContent, StringComparison.Ordinal);
        Assert.Null(member.QuerySelector("form"));
        Assert.Contains(s.BobsReason, member.QuerySelector("[data-not-recorded]")?.TextContent ?? "", StringComparison.Ordinal);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(MemberStatus.Confirmed, (await db.SeriesMembers().SingleAsync(m => m.SeriesId == s.Id && m.CaseId == s.Proposed)).Status);
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Changes.Contains(s.BobsReason)));
        });
    }

    /// <summary>A decision form as the analyst's page holds it (its antiforgery token), with what they chose and typed.</summary>
    private static Task<HttpResponseMessage> DecideAsync(HttpClient client, string url, string page, Dictionary<string, string> typed)
    {
        typed["__RequestVerificationToken"] = Forms.AntiforgeryToken(page) ?? throw new InvalidOperationException($"no form on {url}");
        return client.PostAsync(url, new FormUrlEncodedContent(typed));
    }
}

public sealed class LinkageDecisionRaceTests_Sqlite : LinkageDecisionRaceTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new SqliteApp { ServiceChanges = services };
}

public sealed class LinkageDecisionRaceTests_Postgres : LinkageDecisionRaceTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new PostgresApp { ServiceChanges = services };
}
