using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Data.Notifications;
using Vigil.Web.Features.Cases;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Notifications;

/// <summary>ADR 3316 (round 60's lead): an analyst's one unread possible-links notice (ADR 1653) kept the time of the first
/// link; on the demo it read 29 Jan 2023 while links kept joining in 2026, and an old date reads as nothing new. The links
/// that join it while unread bring its time up to theirs: the inbox shows and orders it by the latest, and says the first.
/// Read through the API and the page, as the analyst reads them.</summary>
public abstract class GatheredNoticeTests(VigilAppFactory app)
{
    private static readonly DateTime FirstLink = new(2023, 1, 29, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task APossibleLinksNotice_TakesTheTimeOfTheLatestLink_IsListedByIt_AndSaysTheFirst()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        var (first, second, third) = (await app.CreateCaseAsync(ivy), await app.CreateCaseAsync(ivy), await app.CreateCaseAsync(ivy));
        await LinkAsync(second, first);
        var before = DateTime.UtcNow;
        // As on the demo: raised long ago and never read. A watched search matched yesterday.
        await app.WithDbAsync(db => db.UserNotifications.Where(n => n.UserId == ann.Id && n.Kind == NotificationKinds.LinkageAlert)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.CreatedAt, FirstLink)));
        await app.WithDbAsync(db =>
        {
            db.UserNotifications.Add(new Notification { UserId = ann.Id, Kind = NotificationKinds.WatchMatch, Text = "A watched search matched", Href = "/search", CreatedAt = before.AddDays(-1) });
            return db.SaveChangesAsync();
        });

        await LinkAsync(third, first);

        var inbox = await InboxAsync(ann);
        Assert.Equal([NotificationKinds.LinkageAlert, NotificationKinds.WatchMatch], inbox.Select(n => n["kind"]!.GetValue<string>()));
        var notice = inbox[0];
        Assert.Equal(FirstLink, notice["created_at"]!.GetValue<DateTime>());
        Assert.InRange(notice["latest_at"]?.GetValue<DateTime>() ?? default, before, DateTime.UtcNow);
        Assert.Null((string?)notice["read_at"]);

        using var web = await app.SignedInClientAsync(ann);
        var item = Forms.Parse(await web.GetStringAsync("/notifications")).QuerySelectorAll(".notifications li")[0];
        Assert.Contains("New possible links between deaths to review", item.TextContent, StringComparison.Ordinal);
        var shown = DateTime.Parse(item.QuerySelector("time")!.GetAttribute("datetime")!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.True(shown >= before, item.OuterHtml);
        Assert.Contains("the first 29 Jan 2023 10:00 GMT", item.TextContent, StringComparison.Ordinal);
    }

    /// <summary>A store from before ADR 1653 may hold many unread possible-links notices an analyst: only the newest takes
    /// the new link's time, the older ones stay as they were, and no new one is raised.</summary>
    [Fact]
    public async Task OfSeveralUnreadFromBefore_OnlyTheNewestTakesTheLatestLink()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        // Before any link of this test: whatever links the shared store's worker adds meanwhile join these.
        await app.WithDbAsync(db =>
        {
            foreach (var (text, at) in new[] { ("3 new possible links", FirstLink.AddYears(-1)), ("2 new possible links", FirstLink) })
                db.UserNotifications.Add(new Notification { UserId = ann.Id, Kind = NotificationKinds.LinkageAlert, Text = text, Href = "/linkage", CreatedAt = at });
            return db.SaveChangesAsync();
        });
        var (first, second) = (await app.CreateCaseAsync(ivy), await app.CreateCaseAsync(ivy));

        await LinkAsync(second, first);

        var alerts = (await InboxAsync(ann)).Where(n => n["kind"]!.GetValue<string>() == NotificationKinds.LinkageAlert)
            .ToDictionary(n => n["text"]!.GetValue<string>(), n => n["latest_at"]?.GetValue<DateTime>());
        Assert.Equal(["2 new possible links", "3 new possible links"], alerts.Keys);
        Assert.NotNull(alerts["2 new possible links"]);
        Assert.Null(alerts["3 new possible links"]);
    }

    /// <summary>A link saved as the linkage worker saves one. The shared store's worker compares these cases too and may link
    /// them first: the pair is stored the other way round (the earlier case as the newer), which it never raises.</summary>
    private Task LinkAsync(CaseResponse newer, CaseResponse earlier) => app.WithDbAsync(db =>
    {
        db.Set<LinkCandidate>().Add(new LinkCandidate { NewerCaseId = earlier.Id, EarlierCaseId = newer.Id, Probability = 0.5, Summary = "test", RaisedAt = DateTime.UtcNow });
        return db.SaveChangesAsync();
    });

    private async Task<List<JsonNode>> InboxAsync(TestUser user)
    {
        using var api = app.ApiClient(user);
        return [.. JsonNode.Parse(await api.GetStringAsync("/api/v1/notifications?unread=true"))!.AsArray().OfType<JsonNode>()];
    }
}

[Collection(SqliteCollection.Name)]
public sealed class GatheredNoticeTests_Sqlite(SqliteApp app) : GatheredNoticeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class GatheredNoticeTests_Postgres(PostgresApp app) : GatheredNoticeTests(app);
