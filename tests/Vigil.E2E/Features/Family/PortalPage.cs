using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Family;

/// <summary>Checks run on every portal page: axe-core (served by the app from the npm package) with no serious or
/// critical violation, and screenshots at phone (390 px) and desktop (1280 px) widths for a person to check.</summary>
public static class PortalPage
{
    public static async Task CheckAsync(IPage page, string name)
    {
        await PageChecks.CheckAsync(page, $"family/{name}", endWidth: 390);
        await PageChecks.FitsAsync(page, name);
        Checked.Add(name);
    }

    public static List<string> Checked { get; } = [];
}
