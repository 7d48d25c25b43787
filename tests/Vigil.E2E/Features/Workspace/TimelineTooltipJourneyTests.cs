using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Workspace;

/// <summary>sec61: what one officer typed (an action's title, a person's name, a contact's method) is shown in another
/// officer's visual-timeline tooltip as text. Before, the tooltip was the library's HTML: an investigator's action titled
/// with a link and a heading showed the supervisor a live "Sign in again" link to another site (ADR 3311).</summary>
[Collection(E2ECollection.Name)]
public sealed partial class TimelineTooltipJourneyTests(E2EFixture app)
{
    [Fact]
    public async Task WhatAnOfficerTyped_IsShownInAnothersTooltipAsText_NeverAsMarkup()
    {
        var investigator = await app.SignInAsync("investigator");
        await investigator.Locator("table.my-actions a").First.ClickAsync();
        var caseId = CaseId().Match(investigator.Url).Groups[1].Value;
        var marker = "T" + Guid.NewGuid().ToString("N")[..8];
        var typed = $"Check CCTV {marker} <a href=\"https://example.org/\">Sign in again</a><h1>BIG</h1>";
        var raised = await investigator.Context.APIRequest.PostAsync($"/api/v1/cases/{caseId}/actions",
            new() { DataObject = new { title = typed, mandatory = false, priority = "medium" } });
        Assert.Equal(201, raised.Status);

        var supervisor = await app.SignInAsync("supervisor");
        await supervisor.GotoAsync($"/timeline?case={caseId}");
        await Assertions.Expect(supervisor.Locator("#visual-timeline[data-fitted]")).ToHaveCountAsync(1);
        var tooltip = supervisor.Locator(".vis-tooltip");
        var shown = "";
        foreach (var item in await supervisor.Locator("#visual-timeline .vis-item.vis-point").Filter(new() { HasText = "action raised" }).AllAsync())
        {
            await item.HoverAsync();
            await supervisor.WaitForTimeoutAsync(800); // the library's tooltip delay (500 ms), not a wait for an event
            shown = string.Concat(await tooltip.AllTextContentsAsync());
            if (shown.Contains(marker, StringComparison.Ordinal)) break;
        }
        await E2EFixture.ScreenshotAsync(supervisor, "workspace/timeline-tooltip-as-text");

        Assert.Contains($"{marker} <a href=", shown, StringComparison.Ordinal);
        Assert.Equal(0, await tooltip.Locator("a, h1").CountAsync());
    }

    [GeneratedRegex("/cases/([0-9a-f-]{36})")]
    private static partial Regex CaseId();
}
