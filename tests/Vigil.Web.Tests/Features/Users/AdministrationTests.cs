using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Web.Features.Users;
using Vigil.Web.Tests.Infrastructure;
using Vigil.Web.Features.Shared;

namespace Vigil.Web.Tests.Features.Users;

/// <summary>Administration in the browser: create users, roles and teams, passwords, case grants by reference,
/// disabling with confirmation and never yourself or the last administrator (issue 9.5).</summary>
public abstract class AdministrationTests(VigilAppFactory app)
{
    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Administrator_CreatesAUser_WhoSignsInAndLandsOnTheirWork()
    {
        var admin = await app.CreateUserAsync(Roles.Administrator);
        using var client = await app.SignedInClientAsync(admin);
        var name = Unique("new.");
        var team = Unique("Team ");
        var created = await Forms.PostAsync(client, "/admin/users/new", new()
        {
            ["UserName"] = name, ["Access.DisplayName"] = "DC Rosa Lind", ["Access.Roles"] = Roles.FamilyLiaison,
            ["Access.NewTeam"] = team, ["Password"] = VigilAppFactory.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/admin/users", created.Headers.Location!.OriginalString);
        var list = Forms.Parse(await client.GetStringAsync("/admin/users"));
        Assert.Contains($"{name} created", list.QuerySelector("[data-flash]")!.TextContent, StringComparison.Ordinal);
        var row = list.QuerySelectorAll("table.users tbody tr").Single(r => r.TextContent.Contains(name, StringComparison.Ordinal));
        Assert.Contains("family liaison officer", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(team, row.TextContent, StringComparison.Ordinal);

        using var newcomer = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var login = await Forms.PostAsync(newcomer, "/login", new() { ["Input.UserName"] = name, ["Input.Password"] = VigilAppFactory.Password });
        Assert.Equal("/liaison", login.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task RefusedCreation_KeepsWhatWasTyped_AndSaysWhyBesideTheField()
    {
        var admin = await app.CreateUserAsync(Roles.Administrator);
        using var client = await app.SignedInClientAsync(admin);
        var name = Unique("kept.");
        var response = await Forms.PostAsync(client, "/admin/users/new", new()
        {
            ["UserName"] = name, ["Access.DisplayName"] = "DC Kept Input", ["Password"] = VigilAppFactory.Password,
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = Forms.Parse(await response.Content.ReadAsStringAsync());
        var summary = page.QuerySelector("[data-error-summary]")!;
        Assert.Equal("#Access_Roles", summary.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Choose at least one role", page.QuerySelector("#Access_Roles p.field-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(name, page.QuerySelector("input[name=UserName]")!.GetAttribute("value"));
        Assert.Equal("DC Kept Input", page.QuerySelector("input[name='Access.DisplayName']")!.GetAttribute("value"));
        Assert.Null(page.QuerySelector("input[name=Password]")!.GetAttribute("value"));
        Assert.Null(await app.WithScopeAsync(async sp => await sp.GetRequiredService<UserAdmin>().DetailAsync(name, default)));
    }

    [Fact]
    public async Task Administrator_ChangesRolesAndTeams_AndResetsAPassword()
    {
        var admin = await app.CreateUserAsync(Roles.Administrator);
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = await app.SignedInClientAsync(admin);
        var page = $"/admin/users/{ivy.Id}";
        var team = Unique("Moved ");
        // The form as the page gives it: its hidden fields say what it showed (ADR 3372).
        var saved = await Forms.PostHeldAsync(client, page, await client.GetStringAsync(page), "Access", new()
        {
            ["Access.DisplayName"] = "DS Ivy Renamed", ["Access.Roles"] = Roles.Supervisor, ["Access.NewTeam"] = team,
        });
        Assert.Equal($"{page}#access", saved.Headers.Location!.OriginalString);
        var detail = (await app.WithScopeAsync(async sp => await sp.GetRequiredService<UserAdmin>().DetailAsync(ivy.UserName, default)))!;
        Assert.Equal(["supervisor"], detail.Summary.Roles);
        Assert.Equal([team], detail.Summary.Teams);
        Assert.Equal("DS Ivy Renamed", detail.Summary.DisplayName);

        var tooShort = await Forms.PostAsync(client, page + "?handler=Password", new() { ["Reset.Password"] = "short" }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooShort.StatusCode);
        var refused = Forms.Parse(await tooShort.Content.ReadAsStringAsync());
        Assert.NotNull(refused.QuerySelector("#Reset_Password-error"));
        Assert.Equal("true", refused.QuerySelector("#Reset_Password")!.GetAttribute("aria-invalid"));

        var reset = await Forms.PostAsync(client, page + "?handler=Password", new() { ["Reset.Password"] = "a brand new long password" }, page);
        Assert.Equal($"{page}#password", reset.Headers.Location!.OriginalString);
        using var ivyBrowser = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var login = await Forms.PostAsync(ivyBrowser, "/login", new() { ["Input.UserName"] = ivy.UserName, ["Input.Password"] = "a brand new long password" });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
    }

    [Fact]
    public async Task CaseGrantedByReference_OpensTheCaseToAnOfficerOfAnotherTeam_WithoutShowingTheAdminItsContent()
    {
        var admin = await app.CreateUserAsync(Roles.Administrator);
        var owner = await app.CreateUserAsync(Roles.Investigator);
        var flo = await app.CreateUserAsync(Roles.FamilyLiaison);
        var marker = Unique("Granted");
        var c = await app.CreateCaseAsync(owner, Samples.Record(name: "Evan " + marker));
        using var floBrowser = await app.SignedInClientAsync(flo);
        Assert.Equal(HttpStatusCode.NotFound, (await floBrowser.GetAsync($"/cases/{c.Id}")).StatusCode);

        using var client = await app.SignedInClientAsync(admin);
        var page = $"/admin/users/{flo.Id}";
        var unknown = await Forms.PostAsync(client, page + "?handler=Grant", new() { ["Grant.CaseReference"] = "VGL-1999-999999" }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        var refused = Forms.Parse(await unknown.Content.ReadAsStringAsync());
        Assert.Equal("VGL-1999-999999", refused.QuerySelector("input[name='Grant.CaseReference']")!.GetAttribute("value"));
        Assert.Contains("No case has the reference", refused.QuerySelector("#Grant_CaseReference-error")!.TextContent, StringComparison.Ordinal);

        var granted = await Forms.PostAsync(client, page + "?handler=Grant", new() { ["Grant.CaseReference"] = c.Reference.ToLowerInvariant() }, page);
        Assert.Equal($"{page}#grants", granted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await floBrowser.GetAsync($"/cases/{c.Id}")).StatusCode);
        var adminView = await client.GetStringAsync(page);
        Assert.Contains(c.Reference, adminView, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, adminView, StringComparison.Ordinal);
        // Administrators manage access and never read cases (ADR 0006), granted or not.
        Assert.Contains("/denied", (await client.GetAsync($"/cases/{c.Id}")).Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);

        var revoke = await Forms.PostAsync(client, page + "?handler=Revoke", new() { ["caseId"] = c.Id.ToString() }, page);
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await floBrowser.GetAsync($"/cases/{c.Id}")).StatusCode);
    }

    [Fact]
    public async Task AGrant_SaysWhoGaveItByName_TheLoginOnlyInItsTitle()
    {
        var admin = await app.CreateUserAsync(Roles.Administrator);
        var owner = await app.CreateUserAsync(Roles.Investigator);
        var flo = await app.CreateUserAsync(Roles.FamilyLiaison);
        var name = Unique("Sam Granter ");
        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == admin.Id);
            user.DisplayName = name;
            await db.SaveChangesAsync();
        });
        var c = await app.CreateCaseAsync(owner, Samples.Record(name: Unique("Evan ")));
        using var client = await app.SignedInClientAsync(admin);
        var page = $"/admin/users/{flo.Id}";
        await Forms.PostAsync(client, page + "?handler=Grant", new() { ["Grant.CaseReference"] = c.Reference }, page);

        // walk53: the grant read "granted by admin", the login, where the page names people by their full names.
        var by = Forms.Parse(await client.GetStringAsync(page)).QuerySelector(".grants .grant-by");
        Assert.NotNull(by);
        Assert.StartsWith($"granted by {name}, ", by.TextContent, StringComparison.Ordinal);
        Assert.Equal(admin.UserName, by.GetAttribute("title"));
    }

    [Fact]
    public async Task Disabling_AsksFirst_AndNeverDisablesYourself()
    {
        var admin = await app.CreateUserAsync(Roles.Administrator);
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = await app.SignedInClientAsync(admin);
        var confirm = Forms.Parse(await client.GetStringAsync($"/admin/users/{ivy.Id}/disable"));
        Assert.Contains($"Disable {ivy.UserName}?", confirm.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        var disabled = await Forms.PostAsync(client, $"/admin/users/{ivy.Id}/disable", new());
        Assert.Equal($"/admin/users/{ivy.Id}#account", disabled.Headers.Location!.OriginalString);
        using var ivyBrowser = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var login = await Forms.PostAsync(ivyBrowser, "/login", new() { ["Input.UserName"] = ivy.UserName, ["Input.Password"] = VigilAppFactory.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        var self = Forms.Parse(await client.GetStringAsync($"/admin/users/{admin.Id}/disable"));
        Assert.Contains("cannot disable your own account", self.Body!.TextContent, StringComparison.Ordinal);
        Assert.Empty(self.QuerySelectorAll("main form"));
        var forced = await client.PostAsync($"/admin/users/{admin.Id}/disable", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(await client.GetStringAsync($"/admin/users/{admin.Id}"))!,
        }));
        Assert.Equal(HttpStatusCode.Conflict, forced.StatusCode);
    }

    /// <summary>Round 29's walk-through: the administrator's own page offered "Disable admin…", which could only be
    /// refused. The page says why instead; another user's page still offers it.</summary>
    [Fact]
    public async Task OwnAccountPage_SaysWhyItCannotBeDisabled_InsteadOfOfferingIt()
    {
        var admin = await app.CreateUserAsync(Roles.Administrator);
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = await app.SignedInClientAsync(admin);
        var own = Forms.Parse(await client.GetStringAsync($"/admin/users/{admin.Id}"));
        Assert.Null(own.QuerySelector($"#account a[href='/admin/users/{admin.Id}/disable']"));
        Assert.Contains("cannot disable your own account", own.QuerySelector("#disable-refused")!.TextContent, StringComparison.Ordinal);
        var other = Forms.Parse(await client.GetStringAsync($"/admin/users/{ivy.Id}"));
        Assert.NotNull(other.QuerySelector($"#account a[href='/admin/users/{ivy.Id}/disable']"));
        Assert.Null(other.QuerySelector("#disable-refused"));
    }

    [Fact]
    public async Task TheLastActiveAdministrator_CannotBeDisabledOrLoseTheRole()
    {
        var last = await app.CreateUserAsync(Roles.Administrator);
        await app.WithScopeAsync(async sp =>
        {
            var admin = sp.GetRequiredService<UserAdmin>();
            var others = (await admin.ListAsync(default)).Where(u => u.Roles.Contains(Roles.Administrator) && !u.Disabled && u.Id != last.Id).ToList();
            // Tests in one collection run one at a time, so the other administrators can step aside for this one.
            foreach (var o in others) await admin.SetDisabledAsync(o.UserName, true);
            try
            {
                var disable = await Assert.ThrowsAsync<RefusedException>(() => admin.SetDisabledAsync(last.UserName, true));
                Assert.Contains("last active administrator", disable.Message, StringComparison.Ordinal);
                var demote = await Assert.ThrowsAsync<RefusedException>(() => admin.UpdateAccessAsync(last.UserName, "Last Admin", [Roles.Analyst], [], "someone-else", null, default));
                Assert.Equal("Roles", demote.Field);
                await Assert.ThrowsAsync<RefusedException>(() => admin.SetRolesAsync(last.UserName, [], [Roles.Administrator]));
            }
            finally
            {
                foreach (var o in others) await admin.SetDisabledAsync(o.UserName, false);
            }
            await admin.SetDisabledAsync(last.UserName, true);
            return true;
        });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AdministrationTests_Sqlite(SqliteApp app) : AdministrationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AdministrationTests_Postgres(PostgresApp app) : AdministrationTests(app);
