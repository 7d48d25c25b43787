using System.Net;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Users;

/// <summary>walk63: "Create user" pressed on an empty form listed "The Password field is required.", "The UserName field
/// is required.", "Enter a user name." and "The DisplayName field is required.": the code's property names, and the user
/// name twice. Each empty field is now said once, in the form's words, as a link to the field.</summary>
public abstract class CreateUserWordsTests(VigilAppFactory app)
{
    [Fact]
    public async Task AnEmptyCreateUserForm_SaysEachMissingField_OnceAndInWords()
    {
        using var client = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Administrator));
        var response = await Forms.PostAsync(client, "/admin/users/new", new() { ["UserName"] = "", ["Access.DisplayName"] = "", ["Password"] = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var summary = Forms.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("[data-error-summary]")!;
        var links = summary.QuerySelectorAll("a").Select(a => (Text: a.TextContent.Trim(), Href: a.GetAttribute("href"))).ToList();
        Assert.DoesNotContain("field is required", summary.TextContent, StringComparison.Ordinal);
        Assert.Contains(("Enter a user name.", "#UserName"), links);
        Assert.Contains(("Enter the user's full name.", "#Access_DisplayName"), links);
        Assert.Contains(links, l => l.Href == "#Password" && l.Text.StartsWith("Choose a first password", StringComparison.Ordinal));
        Assert.Equal(links.Count, links.Select(l => l.Href).Distinct().Count());
    }

    /// <summary>The message of a post that worked is focusable by script (site.js focuses it, ADR 3340), not by Tab.</summary>
    [Fact]
    public async Task TheCreatedMessage_CanTakeFocus()
    {
        var admin = await app.CreateUserAsync(Roles.Administrator);
        using var client = await app.SignedInClientAsync(admin);
        var name = "focus." + Guid.NewGuid().ToString("N")[..8];
        var created = await Forms.PostAsync(client, "/admin/users/new", new()
        {
            ["UserName"] = name, ["Access.DisplayName"] = "DC Kemi Okafor", ["Access.Roles"] = Roles.Analyst, ["Password"] = VigilAppFactory.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var flash = Forms.Parse(await client.GetStringAsync("/admin/users")).QuerySelector("[data-flash]")!;
        Assert.Contains($"{name} created", flash.TextContent, StringComparison.Ordinal);
        Assert.Equal("-1", flash.GetAttribute("tabindex"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CreateUserWordsTests_Sqlite(SqliteApp app) : CreateUserWordsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CreateUserWordsTests_Postgres(PostgresApp app) : CreateUserWordsTests(app);
