using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Features.Users;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>Issue 9.3: an action is allocated to a real officer who works on the case (picked from a list, by API or
/// page), never to a name that is no one's — such an action would sit in nobody's work list; several are allocated at
/// once, all or none.</summary>
public abstract class ActionAllocationTests(VigilAppFactory app)
{
    [Fact]
    public async Task Allocation_NamesAnOfficerOfTheCase_AndAnyoneElseIsRefusedWithTheChoices()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var colleague = await app.CreateUserAsync(Roles.Investigator, ivy.Team);
        var outsider = await app.CreateUserAsync(Roles.Investigator);
        var gone = await app.CreateUserAsync(Roles.Investigator, ivy.Team);
        var analyst = await app.CreateUserAsync(Roles.Analyst, ivy.Team);
        await app.WithScopeAsync(async sp => { await sp.GetRequiredService<UserAdmin>().SetDisabledAsync(gone.UserName, true); return true; });
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var api = app.ApiClient(ivy);
        var number = (await ActionsAsync(api, c.Id)).First().Number;

        foreach (var nobody in new[] { "DC Smith", outsider.UserName, gone.UserName, analyst.UserName })
        {
            var refused = await MoveAsync(api, c.Id, number, "allocate", nobody);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains($"No officer on this case is called \"{nobody}\"", await ProblemTitleAsync(refused), StringComparison.Ordinal);
        }
        var problem = await (await MoveAsync(api, c.Id, number, "allocate", "DC Smith")).Content.ReadAsStringAsync();
        Assert.Contains(colleague.UserName, problem, StringComparison.Ordinal);
        Assert.DoesNotContain(outsider.UserName, problem, StringComparison.Ordinal);
        Assert.DoesNotContain(gone.UserName, problem, StringComparison.Ordinal);
        Assert.Null((await ActionsAsync(api, c.Id)).First(a => a.Number == number).AllocatedTo);

        // Typed in another case, the user name still means the officer, and is stored as the officer's user name.
        (await MoveAsync(api, c.Id, number, "allocate", colleague.UserName.ToUpperInvariant())).EnsureSuccessStatusCode();
        Assert.Equal(colleague.UserName, (await ActionsAsync(api, c.Id)).First(a => a.Number == number).AllocatedTo);

        // An officer granted this one case is one of its officers too.
        await app.WithScopeAsync(sp => sp.GetRequiredService<UserAdmin>().GrantAsync(outsider.UserName, c.Reference, "admin", default));
        (await MoveAsync(api, c.Id, number, "allocate", outsider.UserName)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task ThePage_OffersThePicker_AndAllocatesSeveralAtOnce_AllOrNone()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var colleague = await app.CreateUserAsync(Roles.Investigator, ivy.Team);
        var outsider = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var api = app.ApiClient(ivy);
        var actions = await ActionsAsync(api, c.Id);
        Assert.True(actions.Count >= 3, $"the Port-like case raises {actions.Count} actions");
        using var web = await app.SignedInClientAsync(ivy);
        var page = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}"));
        string[] offered = [.. page.QuerySelectorAll("#allocate-officer option").Select(o => o.GetAttribute("value")!).Where(v => v.Length > 0)];
        Assert.Contains(colleague.UserName, offered);
        Assert.Contains(ivy.UserName, offered);
        Assert.DoesNotContain(outsider.UserName, offered);
        Assert.Equal("", ((IHtmlSelectElement)page.QuerySelector("#allocate-officer")!).Value);

        // A stale version among the ticked actions: nothing is allocated, and the page says which one.
        var (a, b) = (actions[0], actions[1]);
        var stale = await PostAllocateAsync(web, c.Id, colleague.UserName, $"{a.Number}:{a.Version}", $"{b.Number}:{b.Version + 1}");
        Assert.Equal($"/cases/{c.Id}#actions", stale.Headers.Location!.OriginalString);
        page = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}"));
        Assert.Contains("Nothing was allocated", page.QuerySelector("#actions")!.TextContent, StringComparison.Ordinal);
        Assert.All(await ActionsAsync(api, c.Id), x => Assert.Null(x.AllocatedTo));

        await PostAllocateAsync(web, c.Id, colleague.UserName, $"{a.Number}:{a.Version}", $"{b.Number}:{b.Version}");
        var after = await ActionsAsync(api, c.Id);
        Assert.Equal([colleague.UserName, colleague.UserName], after.Where(x => x.Number == a.Number || x.Number == b.Number).Select(x => x.AllocatedTo));
        Assert.All(after.Where(x => x.Number != a.Number && x.Number != b.Number), x => Assert.Null(x.AllocatedTo));
        page = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}"));
        Assert.Contains("2 actions allocated", page.QuerySelector("#actions [data-flash]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_MatchesTheUserName_ThenTheFullName_IgnoringCase_AndNothingElse()
    {
        OfficerChoice[] officers = [new("ivy", "DC Ivy Marsh"), new("sam", "DS Sam Okoro")];
        Assert.Equal("ivy", CaseOfficers.Find(officers, " IVY ")?.UserName);
        Assert.Equal("sam", CaseOfficers.Find(officers, "ds sam okoro")?.UserName);
        Assert.Null(CaseOfficers.Find(officers, "DC Smith"));
        Assert.Null(CaseOfficers.Find(officers, "  "));
        Assert.Equal("DC Ivy Marsh (ivy)", officers[0].Label);
    }

    private static Task<HttpResponseMessage> PostAllocateAsync(HttpClient web, Guid caseId, string officer, params string[] picks)
    {
        var fields = new List<KeyValuePair<string, string>> { new("__form", "allocate"), new("AllocateTo", officer) };
        fields.AddRange(picks.Select(p => new KeyValuePair<string, string>("Pick", p)));
        return Forms.PostAsync(web, $"/cases/{caseId}/enquiry?handler=Allocate", fields, $"/cases/{caseId}");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ActionAllocationTests_Sqlite(SqliteApp app) : ActionAllocationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ActionAllocationTests_Postgres(PostgresApp app) : ActionAllocationTests(app);
