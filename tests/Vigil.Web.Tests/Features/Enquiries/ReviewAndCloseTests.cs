using System.Net;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>walk61 finding 6 (ADR 3325): a supervisor took two posts per mandatory result, "Review" then "Close" (10 for
/// 5 actions), and a reviewed action still held the decision gate. "Review and close" is one step, under the review's
/// rules; review, send back and close stay for a supervisor who wants further work.</summary>
public abstract class ReviewAndCloseTests(VigilAppFactory app)
{
    [Fact]
    public async Task ASupervisor_ReviewsAndClosesASubmittedResult_InOnePost_OneAuditEntry()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var api = app.ApiClient(ivy);
        var a = (await ActionsAsync(api, c.Id)).First(x => x.Mandatory && x.Source == "note-handwriting");
        (await MoveAsync(api, c.Id, a.Number, "allocate", ivy.UserName)).EnsureSuccessStatusCode();
        (await MoveAsync(api, c.Id, a.Number, "submit-result", text: "Handwriting examined: the deceased's.")).EnsureSuccessStatusCode();
        using var web = await app.SignedInClientAsync(sam);

        var page = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}"));
        // The form starts on the one step; the separate ones stay for further work.
        Assert.Equal(["review-and-close", "review", "send-back", "not-pursue"], page.QuerySelectorAll($"#move-to-{a.Number} option").Select(o => o.GetAttribute("value")!));
        Assert.Equal("Review and close", page.QuerySelector($"#move-to-{a.Number} option")!.TextContent);
        var version = page.QuerySelector($"#action-{a.Number} input[name=Version]")!.GetAttribute("value")!;
        var audited = await AuditedAsync(a.Id);
        var fields = new Dictionary<string, string>
        {
            ["__form"] = $"move-{a.Number}", ["Number"] = a.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Version"] = version,
            ["To"] = "review-and-close", ["Text"] = "Read; nothing further.",
        };
        (await Forms.PostAsync(web, $"/cases/{c.Id}/enquiry?handler=Move", fields, $"/cases/{c.Id}")).Dispose();

        page = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}"));
        Assert.Equal($"A{a.Number} is now closed.", page.QuerySelector("#actions [data-flash]")!.TextContent.Trim());
        var done = await app.WithDbAsync(db => db.CaseActions.AsNoTracking().SingleAsync(x => x.Id == a.Id));
        Assert.Equal(("closed", sam.UserName, sam.UserName, "Read; nothing further."), (done.Status, done.ReviewedBy, done.ClosedBy, done.ReviewNote));
        Assert.NotNull(done.ReviewedAt);
        Assert.Equal(done.ReviewedAt, done.ClosedAt);
        // Both states in one save: one audit entry of the action, and the review in the decision log as before.
        Assert.Equal(audited + 1, await AuditedAsync(a.Id));
        Assert.Contains(await DecisionsAsync(api, c.Id), d => d.Kind == "action-reviewed" && d.Rationale == $"A{a.Number} result reviewed and accepted, and A{a.Number} closed. Read; nothing further.");
        Assert.DoesNotContain($"A{a.Number} {a.Title}", page.QuerySelector("#decisions")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewAndClose_IsRefused_ToAnInvestigator_AndToTheSupervisorWhoSubmittedTheResult()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var sue = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var investigator = app.ApiClient(ivy);
        using var supervisor = app.ApiClient(sam);
        using var other = app.ApiClient(sue);
        var a = (await ActionsAsync(investigator, c.Id)).First(x => x.Mandatory && x.Source == "note-handwriting");
        (await MoveAsync(supervisor, c.Id, a.Number, "allocate", sam.UserName)).EnsureSuccessStatusCode();
        (await MoveAsync(supervisor, c.Id, a.Number, "submit-result", text: "Samples recovered from the family.")).EnsureSuccessStatusCode();

        var byInvestigator = await MoveAsync(investigator, c.Id, a.Number, "review-and-close");
        Assert.Equal((HttpStatusCode.Conflict, $"Only a supervisor can review the result of A{a.Number}."), (byInvestigator.StatusCode, await ProblemTitleAsync(byInvestigator)));
        var bySubmitter = await MoveAsync(supervisor, c.Id, a.Number, "review-and-close");
        Assert.Equal((HttpStatusCode.Conflict, $"You submitted the result of A{a.Number}; another supervisor must review it."), (bySubmitter.StatusCode, await ProblemTitleAsync(bySubmitter)));
        Assert.Equal("result-submitted", (await ActionsAsync(investigator, c.Id)).Single(x => x.Number == a.Number).Status);

        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(other, c.Id, a.Number, "review-and-close")).StatusCode);
        var closed = (await ActionsAsync(investigator, c.Id)).Single(x => x.Number == a.Number);
        Assert.Equal(("closed", sue.UserName), (closed.Status, closed.ReviewedBy));
    }

    private Task<int> AuditedAsync(Guid actionId) =>
        app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == "CaseAction" && e.EntityId == actionId.ToString()));
}

[Collection(SqliteCollection.Name)]
public sealed class ReviewAndCloseTests_Sqlite(SqliteApp app) : ReviewAndCloseTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ReviewAndCloseTests_Postgres(PostgresApp app) : ReviewAndCloseTests(app);
