using System.Net;
using System.Text;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>sec62 found the import page refusing a 50 MB file with a bare 413 on a real server: the control-character
/// check read every form before routing had applied the page's own limits, so every upload met the server's 1 MB default
/// (a family's 2 MB photo too). The test server enforces no body limit, so this runs a real `vigil serve` (ADR 1657).
/// The behaviour is the pipeline's order, not the store's: one store.</summary>
public sealed class PageBodyLimitTests
{
    private const int TwoMegabytes = 2 * 1024 * 1024;

    [Fact]
    public async Task AnUploadAboveTheServersDefaultLimit_ReachesAPageThatAllowsIt_AndAnAnonymousOneIsNotRead()
    {
        await using var store = await SharedStore.CreateAsync("sqlite");
        await using var node = await VigilNode.StartAsync(store);
        var supervisor = await store.CreateUserAsync(Roles.Supervisor, "upload-team");
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(node.BaseUrl), Timeout = TimeSpan.FromSeconds(60),
        };

        // Before any sign-in, the 2 MB post is answered by the sign-in redirect, not by reading its body.
        using (var anonymous = await browser.PostAsync("/import", Upload(Csv(TwoMegabytes), token: null)))
            Assert.Equal((HttpStatusCode.Redirect, "/login"), (anonymous.StatusCode, anonymous.Headers.Location!.AbsolutePath));

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(browser, "/login", new() { ["Input.UserName"] = supervisor.UserName, ["Input.Password"] = VigilAppFactory.Password })).StatusCode);
        var token = Forms.AntiforgeryToken(await browser.GetStringAsync("/import"))!;
        using var uploaded = await browser.PostAsync("/import", Upload(Csv(TwoMegabytes), token));
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        Assert.Matches("^/import/[0-9a-f-]{36}$", uploaded.Headers.Location!.OriginalString);
    }

    private static byte[] Csv(int atLeast)
    {
        var csv = new StringBuilder("ref,name,area\n");
        for (var i = 0; csv.Length < atLeast; i++) csv.Append("R-").Append(i).Append(",Alex Marlow,Southwark\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static MultipartFormDataContent Upload(byte[] file, string? token)
    {
        var form = new MultipartFormDataContent();
        if (token is not null) form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new ByteArrayContent(file), "Spreadsheet", "deaths.csv");
        return form;
    }
}
