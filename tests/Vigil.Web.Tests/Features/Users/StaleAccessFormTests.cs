using System.Net;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Users;

/// <summary>A user's "Name, roles and teams" form saved over another administrator's save since it was opened undid that
/// save without a word (review66, ADR 3372): the supervisor role one administrator took from an account came back when
/// another, on a page opened before, corrected the account's name. The form carries what it showed, and a save over a
/// change it did not show is refused, 409, with the access as it now is; a form that showed the access as stored saves.</summary>
public abstract class StaleAccessFormTests(VigilAppFactory app)
{
    [Fact]
    public async Task ARoleTakenAway_ByAnotherAdministrator_IsNotGivenBack_ByAFormOpenedBefore()
    {
        var (ann, ben) = (await app.CreateUserAsync(Roles.Administrator), await app.CreateUserAsync(Roles.Administrator));
        var sam = await app.CreateUserAsync(Roles.Supervisor);
        var page = $"/admin/users/{sam.Id}";
        using var annBrowser = await app.SignedInClientAsync(ann);
        using var benBrowser = await app.SignedInClientAsync(ben);
        var annOpened = await annBrowser.GetStringAsync(page);
        // Ben takes the supervisor role away (the account is to be an investigator only), on a page opened now.
        using (var taken = await PostAccessAsync(benBrowser, page, await benBrowser.GetStringAsync(page), "DS Sam Stale", [Roles.Investigator], [sam.Team]))
            Assert.Equal($"{page}#access", taken.Headers.Location!.OriginalString);

        // Ann, on her page opened before, corrects the name: her form still has the supervisor role ticked.
        using var stale = await PostAccessAsync(annBrowser, page, annOpened, "DS Sam Stale-Corrected", [Roles.Supervisor], [sam.Team]);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var shown = Forms.Parse(await stale.Content.ReadAsStringAsync());
        Assert.Contains("Another administrator has changed", shown.QuerySelector("#access [data-error-summary]")?.TextContent ?? "", StringComparison.Ordinal);
        // The form shows the access as stored now, so sending it again cannot undo Ben's change either.
        Assert.Equal([Roles.Investigator], shown.QuerySelectorAll("#access input[name='Access.Roles'][checked]").Select(i => i.GetAttribute("value")!));
        Assert.Equal("DS Sam Stale", shown.QuerySelector("#access input[name='Access.DisplayName']")!.GetAttribute("value"));
        Assert.Equal((Roles.Investigator, "DS Sam Stale"), await StoredAsync(sam.Id));

        // The form as given back saves: it showed what is stored.
        using var again = await PostAccessAsync(annBrowser, page, await stale.Content.ReadAsStringAsync(), "DS Sam Corrected", [Roles.Investigator], [sam.Team]);
        Assert.Equal($"{page}#access", again.Headers.Location!.OriginalString);
        Assert.Equal((Roles.Investigator, "DS Sam Corrected"), await StoredAsync(sam.Id));
    }

    /// <summary>The user's roles as stored (joined by commas, in order) and their full name.</summary>
    private async Task<(string Roles, string DisplayName)> StoredAsync(string userId) => await app.WithDbAsync(async db =>
        (string.Join(",", (await db.UserRoles.Where(ur => ur.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync()).Order(StringComparer.Ordinal)),
            await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync()));

    /// <summary>The access form as the browser holds it on <paramref name="html"/> (its hidden fields), with what is typed
    /// and ticked (roles and teams repeat their field's name).</summary>
    private static Task<HttpResponseMessage> PostAccessAsync(HttpClient client, string page, string html, string name, string[] roles, string[] teams)
    {
        var form = Forms.Parse(html).QuerySelector("form[action*='handler=Access']") ?? throw new InvalidOperationException("no access form");
        List<KeyValuePair<string, string>> fields = [.. Forms.HiddenFields(form), new("Access.DisplayName", name),
            .. roles.Select(r => new KeyValuePair<string, string>("Access.Roles", r)), .. teams.Select(t => new KeyValuePair<string, string>("Access.Teams", t))];
        return client.PostAsync($"{page}?handler=Access", new FormUrlEncodedContent(fields));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class StaleAccessFormTests_Sqlite(SqliteApp app) : StaleAccessFormTests(app);

[Collection(PostgresCollection.Name)]
public sealed class StaleAccessFormTests_Postgres(PostgresApp app) : StaleAccessFormTests(app);
