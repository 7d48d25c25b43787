using System.Globalization;
using AngleSharp.Html.Dom;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>walk61 finding 1 (ADR 3312): an allocated action's form started on "Allocate", so an officer who typed its
/// result and pressed "Apply to A1" re-allocated it to herself and the result was lost, the page saying only "A1 is now
/// allocated". The step that moves the action on is now the one the form starts on.</summary>
public abstract class ActionStepOrderTests(VigilAppFactory app)
{
    private static string[] Steps(IHtmlDocument page, int number) =>
        [.. page.QuerySelectorAll($"#move-to-{number} option").Select(o => o.GetAttribute("value")!)];

    [Fact]
    public async Task AnAllocatedAction_StartsOnItsNextStep_NotOnAllocatingItAgain_AndTheMessageNamesTheOfficer()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var ivyName = await app.NameAsync(ivy, "DC Ivy Types");
        var c = await app.CreateCaseAsync(ivy, PortLike());
        var actions = await ActionsAsync(app.ApiClient(ivy), c.Id);
        using var web = await app.SignedInClientAsync(ivy);

        // "Allocate several actions", as a new officer gives herself the case's work.
        var fields = new Dictionary<string, string> { ["__form"] = "allocate", ["AllocateTo"] = ivy.UserName };
        var picks = actions.Take(2).Select(a => $"{a.Number.ToString(CultureInfo.InvariantCulture)}:{a.Version.ToString(CultureInfo.InvariantCulture)}").ToList();
        KeyValuePair<string, string>[] posted = [.. fields, .. picks.Select(p => new KeyValuePair<string, string>("Pick", p))];
        (await Forms.PostAsync(web, $"/cases/{c.Id}/enquiry?handler=Allocate", posted, $"/cases/{c.Id}")).Dispose();

        var page = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}"));
        Assert.Equal(["submit-result", "allocate"], Steps(page, actions[0].Number));
        Assert.Equal(["allocate"], Steps(page, actions[2].Number)); // not yet allocated: allocating is its next step

        using var supervisor = await app.SignedInClientAsync(sam);
        Assert.Equal(["submit-result", "not-pursue", "allocate"], Steps(Forms.Parse(await supervisor.GetStringAsync($"/cases/{c.Id}")), actions[0].Number));
        // The message names the officer as the table beside it does, not by her login.
        Assert.Equal($"2 actions allocated to {ivyName}.", page.QuerySelector("#actions [data-flash]")!.TextContent.Trim());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ActionStepOrderTests_Sqlite(SqliteApp app) : ActionStepOrderTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ActionStepOrderTests_Postgres(PostgresApp app) : ActionStepOrderTests(app);
