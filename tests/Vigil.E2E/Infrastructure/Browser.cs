using Microsoft.Playwright;

namespace Vigil.E2E.Infrastructure;

/// <summary>Debian's Chromium driven by Playwright (no browser download: ExecutablePath), headless, with the
/// flags that keep it off the network.</summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? playwright;
    private IBrowser? instance;

    public IBrowser Instance => instance ?? throw new InvalidOperationException("the browser did not start");

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        instance = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("VIGIL_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (instance is not null) await instance.CloseAsync();
        playwright?.Dispose();
    }
}

/// <summary>One demo server and one browser for the whole E2E run.</summary>
public sealed class E2EFixture : IAsyncLifetime
{
    public VigilServer Server { get; } = new();
    public Browser Browser { get; } = new();

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        await Browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        // The server is stopped whatever the browser did: a browser that never started (no Chromium) left a demo server
        // running after the run (round 50).
        try
        {
            await Browser.DisposeAsync();
        }
        finally
        {
            await Server.DisposeAsync();
        }
    }

    /// <summary>A fresh browser context (own cookies) signed in as a demo user.</summary>
    public async Task<IPage> SignInAsync(string user, int width = 1280)
    {
        var context = await Browser.Instance.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        // CI machines are small and shared: generous waits, so a slow page is not a failed journey.
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(60_000); // as the context's: a chart drawn on a loaded 2-core machine can take longer than 20 s
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(VigilServer.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        try
        {
            // Sign-in is judged by what the landing page shows (every signed-in page has the layout's "Sign out"), polled
            // in the DOM: waiting for a load event instead (load, then DOMContentLoaded) timed out now and then on a loaded
            // machine with the landing page already shown, the event apparently missed across the redirects.
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
            if (page.Url.Contains("/login", StringComparison.Ordinal)) throw new TimeoutException("still on the sign-in page");
        }
        catch (Exception ex) when (ex is TimeoutException or PlaywrightException)
        {
            // Say what the page said (a refusal, a rate limit, an error page), not only that it timed out.
            var said = await page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
            throw new TimeoutException($"signing in as {user} stayed on {page.Url}; the page said: {said[..Math.Min(said.Length, 600)]}\nserver log:\n{Server.Log()}", ex);
        }
        return page;
    }

    /// <summary>Saves a screenshot under docs/screenshots when VIGIL_SCREENSHOTS names a folder (for people to check).</summary>
    /// <summary>One section of a long page at 1280 and 390 px wide ("name-1280.png", "name-390.png"), then back to 1280.</summary>
    public static async Task SectionScreenshotsAsync(IPage page, string selector, string name)
    {
        foreach (var width in new[] { 1280, 390 }) await SectionScreenshotAsync(page, selector, name, width);
    }

    /// <summary>One section at one width ("name-{width}.png"), then back to 1280.</summary>
    public static async Task SectionScreenshotAsync(IPage page, string selector, string name, int width)
    {
        var folder = Environment.GetEnvironmentVariable("VIGIL_SCREENSHOTS");
        if (string.IsNullOrEmpty(folder)) return;
        await page.SetViewportSizeAsync(width, 900);
        var path = Path.Combine(folder, $"{name}-{width}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.Locator(selector).ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        await page.SetViewportSizeAsync(1280, 900);
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("VIGIL_SCREENSHOTS");
        if (string.IsNullOrEmpty(folder)) return;
        var path = Path.Combine(folder, name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
    }
}

[CollectionDefinition(Name)]
public sealed class E2ECollection : ICollectionFixture<E2EFixture>
{
    public const string Name = "e2e";
}
