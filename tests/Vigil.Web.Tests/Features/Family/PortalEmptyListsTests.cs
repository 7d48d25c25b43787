using System.Net;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>A family new to the portal has asked nothing, been told nothing and sent nothing: each section says so in
/// words, and holds no empty list beside them, which a screen reader announced as "list, 0 items" after the words
/// (walk63 finding 15). Once she asks, her question is a list of one.</summary>
public abstract class PortalEmptyListsTests(VigilAppFactory app)
{
    [Fact]
    public async Task ANewFamilysHome_SaysEachEmptySectionInWords_WithNoEmptyList()
    {
        var f = await FamilyKit.CaseAsync(app);
        using var family = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await FamilyKit.AcceptAsync(family, await FamilyKit.InviteAsync(app, f), "fam-" + Guid.NewGuid().ToString("N")[..10])).StatusCode);

        var home = Forms.Parse(await family.GetStringAsync("/family"));
        Assert.Contains("You have not asked any questions yet.", home.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("You have not sent anything yet.", home.Body!.TextContent, StringComparison.Ordinal);
        Assert.Empty(home.QuerySelectorAll("ul").Where(list => list.Children.Length == 0).Select(list => list.OuterHtml));

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(family, "/family/ask", new() { ["Question"] = "Who found him? " + f.Marker })).StatusCode);
        var asked = Forms.Parse(await family.GetStringAsync("/family"));
        Assert.Single(asked.QuerySelectorAll("[aria-labelledby=q-h] ul.list > li"));
        Assert.DoesNotContain("You have not asked any questions yet.", asked.Body!.TextContent, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PortalEmptyListsTests_Sqlite(SqliteApp app) : PortalEmptyListsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PortalEmptyListsTests_Postgres(PostgresApp app) : PortalEmptyListsTests(app);
