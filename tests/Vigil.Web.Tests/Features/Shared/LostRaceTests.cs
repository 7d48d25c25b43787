using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Data.Oversight;
using Vigil.Web.Tests.Features.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Shared;

/// <summary>ADR 3235: a versioned form that loses a race is refused like a stale one. Each test holds the second officer's
/// request just after it has read the row (a <see cref="CommandPause"/>, no timing), lets the first officer's save through,
/// then lets the second go on with the version it read: only the database, at the UPDATE, can still tell.</summary>
public abstract class LostRaceTests
{
    protected abstract VigilAppFactory NewApp(Action<IServiceCollection> services);

    private async Task<(VigilAppFactory App, CommandPause Pause)> StartAsync(string table)
    {
        var pause = new CommandPause(sql => sql.Contains(table, StringComparison.Ordinal)
            && sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase), armed: false);
        var app = NewApp(s => s.AddSingleton<IInterceptor>(pause));
        await app.InitializeAsync();
        return (app, pause);
    }

    /// <summary>Before: the details handler read the version, compared, then saved with no condition: the later of two
    /// saves in the same milliseconds wrote over the first unseen (the status the family reads).</summary>
    [Fact]
    public async Task LiaisonDetails_SavedByAnotherOfficerBetweenTheReadAndTheSave_AreRefusedAsStale()
    {
        var (app, pause) = await StartAsync("family_files");
        await using var _ = app;
        var f = await FamilyKit.CaseAsync(app);
        using var officers = await FamilyFileRace.OpenAsync(app, f);

        var (won, lost) = await pause.RaceAsync(late: () => officers.SecondPostsAsync("File", new() { ["plainStatus"] = "Awaiting results " + f.Marker }),
            first: () => officers.FirstPostsAsync("File", new() { ["plainStatus"] = "Post-mortem done " + f.Marker }));
        Assert.Equal(HttpStatusCode.Redirect, won.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lost.StatusCode);
        var shown = await lost.Content.ReadAsStringAsync();
        Assert.Contains("changed since you opened this page", shown, StringComparison.Ordinal);
        // "Shown as they are now" (ADR 3259): the other officer's status in the form, not this one's overtaken text.
        Assert.Equal("Post-mortem done " + f.Marker, Forms.Parse(shown).QuerySelector("#plainStatus")!.TextContent);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal("Post-mortem done " + f.Marker, (await db.FamilyFiles.SingleAsync(x => x.CaseId == f.Case.Id)).PlainStatus);
            Assert.False(await db.Disclosures.AnyAsync(d => d.CaseId == f.Case.Id && d.What.Contains("Awaiting results")));
        });
    }

    /// <summary>The finding's version was already its concurrency token, but the lost race surfaced as the bare error
    /// page, not the form with the finding as it now is (what a stale form shows).</summary>
    [Fact]
    public async Task AFindingStatus_SetByAnotherReviewerBetweenTheReadAndTheSave_IsRefusedAsStale()
    {
        var (app, pause) = await StartAsync("review_findings");
        await using var _ = app;
        var owner = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(owner);
        using var first = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));
        using var second = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));
        var url = await FindingAsync(first, created.Reference);
        var (firstForm, secondForm) = (await first.GetStringAsync(url), await second.GetStringAsync(url));

        var (won, lost) = await pause.RaceAsync(late: () => Forms.PostHeldAsync(second, url, secondForm, "Status", new() { ["Status"] = FindingStatus.Closed }),
            first: () => Forms.PostHeldAsync(first, url, firstForm, "Status", new() { ["Status"] = FindingStatus.Accepted }));
        Assert.Equal(HttpStatusCode.Redirect, won.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lost.StatusCode);
        Assert.Contains("The finding has changed since you opened it", await lost.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.WithDbAsync(async db => Assert.Equal(FindingStatus.Accepted,
            (await db.Set<ReviewFinding>().SingleAsync(x => x.SubjectCaseId == created.Id)).Status));
    }

    /// <summary>Round 55's leftover: a granted officer's response that moved an open finding to "responded", saved after a
    /// reviewer's status, was refused by the finding's version at the UPDATE and answered the bare error page, the typed
    /// response gone. Now the finding as it is, why, and the response as typed (ADR 3273).</summary>
    [Fact]
    public async Task AFindingResponse_LostToAReviewersStatus_IsShownAgainWithItsTextAndWhy()
    {
        var (app, pause) = await StartAsync("review_findings");
        await using var _ = app;
        var officer = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(officer);
        using var reviewer = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));
        using var responder = await app.SignedInClientAsync(officer);
        var url = await FindingAsync(reviewer, created.Reference);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(reviewer, url + "?handler=Grant", new() { ["UserName"] = officer.UserName }, url)).StatusCode);
        var (reviewerForm, responderForm) = (await reviewer.GetStringAsync(url), await responder.GetStringAsync(url));
        const string typed = "The bottle was sent to the laboratory on 3 December; the result is awaited.";

        var (won, lost) = await pause.RaceAsync(late: () => Forms.PostHeldAsync(responder, url, responderForm, "Respond", new() { ["Text"] = typed }),
            first: () => Forms.PostHeldAsync(reviewer, url, reviewerForm, "Status", new() { ["Status"] = FindingStatus.Accepted }));
        Assert.Equal(HttpStatusCode.Redirect, won.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lost.StatusCode);
        var shown = Forms.Parse(await lost.Content.ReadAsStringAsync());
        Assert.Contains("Your response was not recorded", shown.QuerySelector("[data-error-summary]")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Equal(typed, shown.QuerySelector("form[action*='handler=Respond'] textarea[name=Text]")?.TextContent);
        await app.WithDbAsync(async db =>
        {
            var finding = await db.Set<ReviewFinding>().Include(x => x.Responses).SingleAsync(x => x.SubjectCaseId == created.Id);
            Assert.Equal(FindingStatus.Accepted, finding.Status);
            Assert.Empty(finding.Responses);
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Changes.Contains("sent to the laboratory on 3 December")));
        });
    }

    /// <summary>A finding about the case, raised by the reviewer: its page's address.</summary>
    private static async Task<string> FindingAsync(HttpClient reviewer, string reference)
    {
        var made = await Forms.PostAsync(reviewer, "/reviews/new", new()
        {
            ["Form.Subject"] = reference, ["Form.Title"] = "Bottle never tested", ["Form.Severity"] = "high",
            ["Form.Detail"] = "The bottle found at the scene was not sent for testing.", ["Form.ResponseDue"] = "2027-01-31",
        }, getUrl: "/reviews/new");
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        return made.Headers.Location!.OriginalString;
    }
}

public sealed class LostRaceTests_Sqlite : LostRaceTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new SqliteApp { ServiceChanges = services };
}

public sealed class LostRaceTests_Postgres : LostRaceTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new PostgresApp { ServiceChanges = services };
}
