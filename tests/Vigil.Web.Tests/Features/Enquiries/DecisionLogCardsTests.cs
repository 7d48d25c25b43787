using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>walk61 finding 8: on a 390 px phone the decision log was five columns, the gate's refusal one word wide and
/// the rationale off the screen. It is a card per decision there (<c>table.stack</c>): each cell says its column, the
/// decision's number heads the card.</summary>
public abstract class DecisionLogCardsTests(VigilAppFactory app)
{
    [Fact]
    public async Task TheDecisionLog_IsACardPerDecisionOnAPhone_EachCellLabelled()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using (var api = app.ApiClient(ivy))
            Assert.True((await ClassifyAsync(api, c.Id, "unexpected-not-suspicious", "Coroner's interim hearing tomorrow")).IsSuccessStatusCode);

        var sue = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        using var web = await app.SignedInClientAsync(sue);
        var row = Assert.Single(Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}")).QuerySelectorAll("table.decisions.stack tbody tr"));
        Assert.Equal("D1", row.QuerySelector("td.card-title")!.TextContent.Trim());
        Assert.Equal(["When", "Decision", "Rationale", "By"],
            row.QuerySelectorAll("td:not(.card-title)").Select(td => td.GetAttribute("data-label")).ToList());
        Assert.Contains("(gate: Refused because ", row.QuerySelector("td[data-label=Decision]")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Overdose on the evidence so far", row.QuerySelector("td[data-label=Rationale]")!.TextContent.Trim(), StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DecisionLogCardsTests_Sqlite(SqliteApp app) : DecisionLogCardsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DecisionLogCardsTests_Postgres(PostgresApp app) : DecisionLogCardsTests(app);
