using System.Net;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>walk63: the analyst chose "Reject the link", pressed "Record decision" before writing her reason, and the
/// refused form came back with neither choice ticked; she wrote the reason, pressed again, and was refused a second time
/// ("Choose confirm or reject"). A refused decision keeps the choice made, as it keeps the reason typed.</summary>
public abstract class RefusedDecisionTests(VigilAppFactory app)
{
    [Theory]
    [InlineData("reject")]
    [InlineData("confirm")]
    public async Task ADecisionRefusedForItsReason_KeepsTheChoiceTicked(string choice)
    {
        var (_, ann, _, _, _, row) = await LinkageClient.AlertedPairAsync(app, app);
        using var browser = await LinkageWorkflowTests.SignedInAsync(app, ann);
        var refused = await Forms.PostAsync(browser, $"/linkage/candidates/{row.Id}", new() { ["Decision"] = choice, ["Reason"] = " " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = Forms.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("reason", page.QuerySelector("[data-error-summary]")!.TextContent, StringComparison.OrdinalIgnoreCase);
        var ticked = Assert.Single(page.QuerySelectorAll("input[name=Decision][checked]"));
        Assert.Equal(choice, ticked.GetAttribute("value"));
    }

    /// <summary>The series page refuses a member's decision with no reason as the comparison page does: 422 with the page and
    /// its words (tidy65 found it answered 200, where every other page's form error is 422, ADR 3273).</summary>
    [Fact]
    public async Task ASeriesMemberDecisionWithNoReason_Is422_WithThePageAndItsWords()
    {
        var (_, ann, _, first, second, _) = await LinkageClient.AlertedPairAsync(app, app);
        var (series, _) = await CandidateSeriesSeed.AddAsync(app, Vigil.Data.Linkage.AlertKind.Pair, first.Id, second.Id);
        using var browser = await LinkageWorkflowTests.SignedInAsync(app, ann);
        var refused = await Forms.PostAsync(browser, $"/series/{series}", new() { ["CaseId"] = second.Id.ToString(), ["Decision"] = "confirm", ["Reason"] = " " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = Forms.Parse(await refused.Content.ReadAsStringAsync());
        var summary = page.QuerySelector("[data-error-summary]")!;
        Assert.Contains("reason", summary.TextContent, StringComparison.OrdinalIgnoreCase);
        // The choice made stays ticked on the refused member's form, and the summary's link goes to a field that exists.
        var ticked = Assert.Single(page.QuerySelectorAll("input[name=Decision][checked]"));
        Assert.Equal(("confirm", second.Id.ToString()), (ticked.GetAttribute("value"), ticked.Closest("form")!.QuerySelector("input[name=CaseId]")!.GetAttribute("value")));
        var target = summary.QuerySelector("a[href^='#']")!.GetAttribute("href")![1..];
        Assert.Equal("textarea", page.GetElementById(target)?.LocalName);
    }

    [Fact]
    public async Task TheComparisonFirstOpened_HasNoChoiceTicked()
    {
        var (_, ann, _, _, _, row) = await LinkageClient.AlertedPairAsync(app, app);
        using var browser = await LinkageWorkflowTests.SignedInAsync(app, ann);
        var page = Forms.Parse(await browser.GetStringAsync($"/linkage/candidates/{row.Id}"));
        Assert.Equal(2, page.QuerySelectorAll("input[name=Decision]").Length);
        Assert.Empty(page.QuerySelectorAll("input[name=Decision][checked]"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RefusedDecisionTests_Sqlite(SqliteApp app) : RefusedDecisionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class RefusedDecisionTests_Postgres(PostgresApp app) : RefusedDecisionTests(app);
