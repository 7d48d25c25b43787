using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Data.Notifications;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Tests.Features.Family;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Notifications;

/// <summary>ADR 3301 (walk59 finding 5): a notice that asks for one act is marked done, for every recipient, in the save
/// that does the act; the inbox says what was done and by whom, and a done notice no longer counts as unread. The read
/// mark stays the recipient's own. Read through the page and the API only, as a user reads them.</summary>
public abstract class TaskDoneTests(VigilAppFactory app)
{
    [Fact]
    public async Task AnOverrideSigned_IsDoneInEverySupervisorsInbox_SayingWhoSignedIt_AndNoLongerUnread()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var (sam, sue) = (await app.CreateUserAsync(Roles.Supervisor, ivy.Team), await app.CreateUserAsync(Roles.Supervisor, ivy.Team));
        var samName = await app.NameAsync(sam, "Insp. Sam Example");
        using var signer = app.ApiClient(sam);
        var (c, request) = await OverrideAskedAsync(ivy, signer);
        Assert.True((await OverrideNoticeAsync(sue, c.Reference, unread: true)) is not null, "before signing, the override is unread in the other supervisor's inbox");

        var signed = await PostSeenAsync(signer, $"/api/v1/cases/{c.Id}/decisions/{request}/sign", new SignRequest("Agreed: the family's wish, nothing suspicious"));
        Assert.True(signed.IsSuccessStatusCode, $"sign: {(int)signed.StatusCode}");

        foreach (var supervisor in new[] { sam, sue })
        {
            Assert.Null(await OverrideNoticeAsync(supervisor, c.Reference, unread: true));
            var notice = (await OverrideNoticeAsync(supervisor, c.Reference, unread: false))!;
            Assert.Equal($"Signed by {samName}", (string?)notice["done"]);
            Assert.NotNull((string?)notice["done_at"]);
            Assert.Null((string?)notice["read_at"]); // nobody read it for them
        }
        using var web = await app.SignedInClientAsync(sue);
        var page = Forms.Parse(await web.GetStringAsync("/notifications"));
        var item = page.QuerySelectorAll(".notifications li").Single(li => li.TextContent.Contains($"Override to sign on {c.Reference}", StringComparison.Ordinal));
        Assert.Equal("done", item.ClassName);
        Assert.Contains($"Done: Signed by {samName}, ", item.TextContent, StringComparison.Ordinal);
        Assert.Null(item.QuerySelector("button")); // nothing left to mark
        Assert.Null(page.QuerySelector(".inbox .count"));

        // On the audit trail: sue's notice changed by sam's act.
        var sueNotice = (string)(await OverrideNoticeAsync(sue, c.Reference, unread: false))!["id"]!;
        var changes = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == nameof(Notification) && e.EntityId == sueNotice && e.Changes.Contains("DoneAt"))
            .Select(e => e.Actor).ToListAsync());
        Assert.EndsWith(":" + sam.UserName, Assert.Single(changes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOverrideDeclined_IsDoneSayingWhoDeclinedIt()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var samName = await app.NameAsync(sam, "Insp. Sam Example");
        using var supervisor = app.ApiClient(sam);
        var (c, request) = await OverrideAskedAsync(ivy, supervisor);
        var declined = await PostSeenAsync(supervisor, $"/api/v1/cases/{c.Id}/decisions/{request}/decline", new DeclineRequest("The toxicology is not back yet"));
        Assert.True(declined.IsSuccessStatusCode, $"decline: {(int)declined.StatusCode}");
        Assert.Equal($"Declined by {samName}", (string?)(await OverrideNoticeAsync(sam, c.Reference, unread: false))!["done"]);
        Assert.Null(await OverrideNoticeAsync(sam, c.Reference, unread: true));
    }

    [Fact]
    public async Task AnActionReallocated_IsDoneOnlyForTheOfficerItLeft_AndItsResultSubmitted_IsDoneForTheOfficerItWentTo()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ian = await app.CreateUserAsync(Roles.Investigator, ivy.Team);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var (samName, ianName) = (await app.NameAsync(sam, "Sgt Sam Example"), await app.NameAsync(ian, "DC Ian Example"));
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var supervisor = app.ApiClient(sam);
        var action = (await ActionsAsync(supervisor, c.Id)).First(a => a.Status == "raised");
        (await MoveAsync(supervisor, c.Id, action.Number, "allocate", ivy.UserName)).EnsureSuccessStatusCode();
        (await MoveAsync(supervisor, c.Id, action.Number, "allocate", ian.UserName)).EnsureSuccessStatusCode();

        var left = (await NoticeAsync(ivy, n => n["kind"]!.GetValue<string>() == NotificationKinds.ActionAllocated && (string?)n["case_id"] == c.Id.ToString(), unread: false))!;
        Assert.Equal($"Allocated to another officer by {samName}", (string?)left["done"]);
        var taken = (await NoticeAsync(ian, n => n["kind"]!.GetValue<string>() == NotificationKinds.ActionAllocated && (string?)n["case_id"] == c.Id.ToString(), unread: true))!;
        Assert.Null((string?)taken["done"]);

        using var officer = app.ApiClient(ian);
        (await MoveAsync(officer, c.Id, action.Number, "submit-result", text: "Spoke to the finder; statement taken")).EnsureSuccessStatusCode();
        var done = (await NoticeAsync(ian, n => (string?)n["id"] == (string?)taken["id"], unread: false))!;
        Assert.Equal($"Result submitted by {ianName}", (string?)done["done"]);
        Assert.Null(await NoticeAsync(ian, n => (string?)n["id"] == (string?)taken["id"], unread: true));
    }

    [Fact]
    public async Task AFamilyQuestionAnswered_IsDoneForTheFloItWasToldTo()
    {
        var f = await FamilyKit.CaseAsync(app);
        var floName = await app.NameAsync(f.Flo, "DC Flo Example");
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(family, "/family/ask", new() { ["Question"] = "Was the bottle tested? " + f.Marker })).StatusCode);
        bool Asked(JsonNode n) => n["kind"]!.GetValue<string>() == NotificationKinds.FamilyQuestion && (string?)n["case_id"] == f.Case.Id.ToString();
        Assert.NotNull(await NoticeAsync(f.Flo, Asked, unread: true));

        using var flo = await app.SignedInClientAsync(f.Flo);
        var page = $"/cases/{f.Case.Id}/family";
        var questionId = Forms.Parse(await flo.GetStringAsync(page)).QuerySelector("form input[name=questionId]")!.GetAttribute("value")!;
        var answered = await Forms.PostAsync(flo, page + "?handler=Answer", new() { ["questionId"] = questionId, ["answer"] = "Yes, it is at the lab " + f.Marker }, page);
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);

        Assert.Null(await NoticeAsync(f.Flo, Asked, unread: true));
        Assert.Equal($"Answered by {floName}", (string?)(await NoticeAsync(f.Flo, Asked, unread: false))!["done"]);
    }

    /// <summary>A case of the investigator's whose classification waits for a supervisor's override, and the request's id.</summary>
    private async Task<(CaseResponse Case, Guid Request)> OverrideAskedAsync(TestUser investigator, HttpClient supervisor)
    {
        var c = await app.CreateCaseAsync(investigator, PortLike());
        using var asker = app.ApiClient(investigator);
        Assert.Equal(HttpStatusCode.Accepted, (await ClassifyAsync(asker, c.Id, "unexpected-not-suspicious", "Family ask for release of the body")).StatusCode);
        return (c, (await DecisionsAsync(supervisor, c.Id)).Single(d => d.Kind == "override-requested").Id);
    }

    private Task<JsonNode?> OverrideNoticeAsync(TestUser user, string reference, bool unread) =>
        NoticeAsync(user, n => n["kind"]!.GetValue<string>() == NotificationKinds.OverrideRequested && n["text"]!.GetValue<string>().Contains(reference, StringComparison.Ordinal), unread);

    /// <summary>The user's one notice that matches, from /api/v1/notifications (with ?unread=true when asked); null when none.</summary>
    private async Task<JsonNode?> NoticeAsync(TestUser user, Func<JsonNode, bool> match, bool unread)
    {
        using var api = app.ApiClient(user);
        var list = JsonNode.Parse(await api.GetStringAsync("/api/v1/notifications" + (unread ? "?unread=true" : "")))!.AsArray();
        return list.OfType<JsonNode>().SingleOrDefault(match);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TaskDoneTests_Sqlite(SqliteApp app) : TaskDoneTests(app);

[Collection(PostgresCollection.Name)]
public sealed class TaskDoneTests_Postgres(PostgresApp app) : TaskDoneTests(app);
