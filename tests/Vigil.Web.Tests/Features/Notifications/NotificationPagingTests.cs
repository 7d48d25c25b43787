using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Notifications;
using Vigil.Web.Features.Notifications;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Notifications;

/// <summary>The inbox pages and counts everything (ADR 1618), and "mark all as read" marks all. Before, the newest 200
/// were listed with no word of the rest, and one "mark all" marked a thousand and left the others unread.</summary>
public abstract class NotificationPagingTests(VigilAppFactory app)
{
    [Fact]
    public async Task AThousandAndFiveNotifications_ArePagedWithTheirTotal_AndMarkAllReadMarksEveryOne()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var start = DateTime.UtcNow.AddDays(-30);
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            for (var i = 0; i < 1005; i++)
                db.Add(new Notification { UserId = ivy.Id, Kind = NotificationKinds.WatchMatch, Text = $"paging {i:0000}", Href = "/search", CreatedAt = start.AddMinutes(i) });
            await db.SaveChangesAsync();
            return true;
        });
        using var api = app.ApiClient(ivy);

        using var last = await api.GetAsync("/api/v1/notifications?size=200&page=6");
        Assert.Equal("1005", last.Headers.GetValues("X-Total-Count").Single());
        var oldest = (await last.Content.ReadFromJsonAsync<List<NotificationResponse>>(ApiJson.Client))!;
        Assert.Equal(["paging 0004", "paging 0003", "paging 0002", "paging 0001", "paging 0000"], oldest.Select(n => n.Text));
        using var web = await app.SignedInClientAsync(ivy);
        var page = await web.GetStringAsync("/notifications?page=2");
        Assert.Contains("Page 2 of 11 (1,005 in all)", page, StringComparison.Ordinal); // grouped, as a force writes it (walk51)
        Assert.Contains("paging 0904", page, StringComparison.Ordinal);
        Assert.Contains("paging 0805", page, StringComparison.Ordinal);
        Assert.DoesNotContain("paging 0905", page, StringComparison.Ordinal);

        (await api.PostAsync("/api/v1/notifications/read", null)).EnsureSuccessStatusCode();
        using var unread = await api.GetAsync("/api/v1/notifications?unread=true");
        Assert.Equal("0", unread.Headers.GetValues("X-Total-Count").Single());
    }

    /// <summary>ADR 3302 (walk60): the header said "3 unread" and the inbox's first page listed 100 notices already read
    /// or done, the three on its last pages. What is unread comes first, then the rest, each newest first.</summary>
    [Fact]
    public async Task TheInbox_ListsWhatIsUnreadFirst_ThenTheRest_EachNewestFirst()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var now = DateTime.UtcNow;
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            Notification Note(string text, int daysAgo, bool read) => new()
                { UserId = ivy.Id, Kind = NotificationKinds.WatchMatch, Text = text, Href = "/search", CreatedAt = now.AddDays(-daysAgo), ReadAt = read ? now : null };
            db.AddRange(Note("read yesterday's", 1, true), Note("unread, ten days old", 10, false), Note("read, a week old", 7, true), Note("unread, two days old", 2, false));
            await db.SaveChangesAsync();
            return true;
        });
        string[] expected = ["unread, two days old", "unread, ten days old", "read yesterday's", "read, a week old"];
        using var api = app.ApiClient(ivy);
        Assert.Equal(expected, (await api.GetFromJsonAsync<List<NotificationResponse>>("/api/v1/notifications", ApiJson.Client))!.Select(n => n.Text));
        using var web = await app.SignedInClientAsync(ivy);
        var items = Forms.Parse(await web.GetStringAsync("/notifications")).QuerySelectorAll(".notifications li a");
        Assert.Equal(expected, items.Select(a => a.TextContent.Trim()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class NotificationPagingTests_Sqlite(SqliteApp app) : NotificationPagingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class NotificationPagingTests_Postgres(PostgresApp app) : NotificationPagingTests(app);
