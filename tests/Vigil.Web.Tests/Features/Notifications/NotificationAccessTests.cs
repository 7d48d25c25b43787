using Vigil.Web.Hosting;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Web.Features.Notifications;
using Vigil.Web.Features.Users;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Notifications;

/// <summary>A notification names its case and what happened on it: once the user may no longer read the case (a grant
/// withdrawn), it is no longer listed to them, on the page or through the API (ADR 2803).</summary>
public abstract class NotificationAccessTests(VigilAppFactory app)
{
    [Fact]
    public async Task Notification_AboutACaseWhoseGrantWasWithdrawn_IsNoLongerListed()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var outsider = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        await app.WithScopeAsync(sp => sp.GetRequiredService<UserAdmin>().GrantAsync(outsider.UserName, c.Reference, "admin", default));
        using var api = app.ApiClient(ivy);
        var action = (await ActionsAsync(api, c.Id)).First(a => a.Status == "raised");
        (await MoveAsync(api, c.Id, action.Number, "allocate", outsider.UserName)).EnsureSuccessStatusCode();
        using var theirs = app.ApiClient(outsider);
        Assert.Contains(await ListAsync(theirs), n => n.CaseId == c.Id && n.Text.Contains(c.Reference, StringComparison.Ordinal));

        await app.WithScopeAsync(sp => sp.GetRequiredService<UserAdmin>().RevokeGrantAsync(outsider.UserName, c.Id, default));
        Assert.DoesNotContain(await ListAsync(theirs), n => n.CaseId == c.Id);
        using var web = await app.SignedInClientAsync(outsider);
        Assert.DoesNotContain(c.Reference, await web.GetStringAsync("/notifications"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeaderCount_AfterTheGrantIsWithdrawn_NoLongerCountsItsNotification()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var outsider = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        await app.WithScopeAsync(sp => sp.GetRequiredService<UserAdmin>().GrantAsync(outsider.UserName, c.Reference, "admin", default));
        using var api = app.ApiClient(ivy);
        var action = (await ActionsAsync(api, c.Id)).First(a => a.Status == "raised");
        (await MoveAsync(api, c.Id, action.Number, "allocate", outsider.UserName)).EnsureSuccessStatusCode();
        using var web = await app.SignedInClientAsync(outsider);
        Assert.Equal("1 unread", await HeaderCountAsync(web));

        await app.WithScopeAsync(sp => sp.GetRequiredService<UserAdmin>().RevokeGrantAsync(outsider.UserName, c.Id, default));
        // The inbox lists nothing now (ADR 2803); the header counts what it lists (ADR 2904).
        using var theirs = app.ApiClient(outsider);
        Assert.DoesNotContain(await ListAsync(theirs), n => n.CaseId == c.Id);
        Assert.Null(await HeaderCountAsync(web));
    }

    private static async Task<string?> HeaderCountAsync(HttpClient web) =>
        Forms.Parse(await web.GetStringAsync("/cases")).QuerySelector(".inbox .count")?.TextContent.Trim();

    private static async Task<List<NotificationResponse>> ListAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<NotificationResponse>>("/api/v1/notifications", ApiJson.Client))!;
}

[Collection(SqliteCollection.Name)]
public sealed class NotificationAccessTests_Sqlite(SqliteApp app) : NotificationAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class NotificationAccessTests_Postgres(PostgresApp app) : NotificationAccessTests(app);
