using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Data.Notifications;
using Vigil.Records;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>sec30, sec61: a page on another host of the same site posted with the staff cookie (SameSite=Strict does not
/// stop a same-site one) and marked a user's notices read, with no body at all. Every cookie POST to the API now declares
/// JSON or the route's own media type, which a browser will not send across origins without a preflight (ADR 3320).</summary>
public abstract class CookieWriteTests(VigilAppFactory app)
{
    /// <summary>What a browser sends to another origin without asking first: no body, a form, multipart, plain text.</summary>
    public static TheoryData<string> UnaskedBodies => ["none", "form", "multipart", "text"];

    private static HttpContent? Unasked(string kind) => kind switch
    {
        "form" => new FormUrlEncodedContent(new Dictionary<string, string> { ["a"] = "b" }),
        "multipart" => new MultipartFormDataContent { { new StringContent("b"), "a" } },
        "text" => new StringContent("{}", Encoding.UTF8, "text/plain"),
        _ => null,
    };

    [Theory]
    [MemberData(nameof(UnaskedBodies))]
    public async Task ACookiePost_ThatABrowserSendsAcrossOriginsUnasked_IsRefused415_AndNoNoticeIsRead(string body)
    {
        var (user, mine) = await WithUnreadNoticesAsync();
        using var browser = await app.SignedInClientAsync(user);

        foreach (var path in new[] { "/api/v1/notifications/read", $"/api/v1/notifications/{mine}/read" })
        {
            using var refused = await browser.PostAsync(path, Unasked(body));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal(CookieWriteFilter.Title, problem.RootElement.GetProperty("title").GetString());
        }
        Assert.Equal(2, await UnreadAsync(user));
    }

    [Fact]
    public async Task ACookiePost_SentAsJson_AndATokensPost_WithNoBody_AreAnsweredAsBefore()
    {
        var (user, mine) = await WithUnreadNoticesAsync();
        using var browser = await app.SignedInClientAsync(user);
        using var one = await browser.PostAsync($"/api/v1/notifications/{mine}/read", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NoContent, one.StatusCode);
        Assert.Equal(1, await UnreadAsync(user));

        using var api = app.ApiClient(user);
        using var all = await api.PostAsync("/api/v1/notifications/read", null);
        Assert.Equal(HttpStatusCode.NoContent, all.StatusCode);
        Assert.Equal(0, await UnreadAsync(user));
    }

    /// <summary>The import route reads its body whatever it is called: JSON lines sent with no Content-Type (a no-cors
    /// fetch of an ArrayBuffer) by a supervisor's cookie are refused, and nothing is imported.</summary>
    [Fact]
    public async Task JsonLines_PostedByCookie_WithNoMediaType_AreNotImported()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        using var browser = await app.SignedInClientAsync(supervisor);
        var record = Samples.Record(source: "cookie-write");
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(DeathRecordWriter.ToJson(record)));
        Assert.Null(body.Headers.ContentType);

        using var refused = await browser.PostAsync($"/api/v1/imports?team={supervisor.TeamId}&source=cookie-write", body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Cases.AnyAsync(c => c.SourceRef == record.Ref)));
        using var declared = new StringContent(DeathRecordWriter.ToJson(record), Encoding.UTF8, "application/x-ndjson");
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync($"/api/v1/imports?team={supervisor.TeamId}&source=cookie-write", declared)).StatusCode);
    }

    private async Task<(TestUser User, Guid Mine)> WithUnreadNoticesAsync()
    {
        var user = await app.CreateUserAsync(Roles.Investigator);
        var notices = Enumerable.Range(1, 2).Select(i => new Notification
        {
            UserId = user.Id, Kind = NotificationKinds.WatchMatch, Text = $"notice {i}", Href = "/cases", CreatedAt = DateTime.UtcNow,
        }).ToList();
        await app.WithDbAsync(async db =>
        {
            db.UserNotifications.AddRange(notices);
            await db.SaveChangesAsync();
        });
        return (user, notices[0].Id);
    }

    private Task<int> UnreadAsync(TestUser user) =>
        app.WithDbAsync(db => db.UserNotifications.CountAsync(n => n.UserId == user.Id && n.ReadAt == null));
}

[Collection(SqliteCollection.Name)]
public sealed class CookieWriteTests_Sqlite(SqliteApp app) : CookieWriteTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CookieWriteTests_Postgres(PostgresApp app) : CookieWriteTests(app);
