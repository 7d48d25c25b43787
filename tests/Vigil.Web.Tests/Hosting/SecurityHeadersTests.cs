using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>Issue 8, finding 7: every kind of response — pages signed in and out, the family portal, API answers and
/// problems, static files — carries the CSP and the other protective headers; HTTPS can be required (ADR 0506).</summary>
public abstract class SecurityHeadersTests(VigilAppFactory app)
{
    private static void AssertProtected(HttpResponseMessage response, string what)
    {
        string Header(string name) => response.Headers.TryGetValues(name, out var v) ? string.Join(",", v)
            : response.Content.Headers.TryGetValues(name, out var c) ? string.Join(",", c) : "";
        var csp = Header("Content-Security-Policy");
        Assert.True(csp.Contains("default-src 'self'", StringComparison.Ordinal) && csp.Contains("frame-ancestors 'none'", StringComparison.Ordinal)
            && !csp.Contains("unsafe-inline", StringComparison.Ordinal), $"{what}: CSP was '{csp}'");
        Assert.True(Header("X-Content-Type-Options") == "nosniff", $"{what}: X-Content-Type-Options");
        Assert.True(Header("X-Frame-Options") == "DENY", $"{what}: X-Frame-Options was '{Header("X-Frame-Options")}'");
        Assert.True(Header("Referrer-Policy") == "no-referrer", $"{what}: Referrer-Policy");
    }

    [Fact]
    public async Task PagesApiAnswersProblemsAndStaticFiles_AllCarryTheProtectiveHeaders()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var browser = await app.SignedInClientAsync(ivy);
        using var api = app.ApiClient(ivy);
        var samples = new (HttpClient Client, string Path, HttpStatusCode Status)[]
        {
            (anonymous, "/login", HttpStatusCode.OK),
            (anonymous, "/family/login", HttpStatusCode.OK),
            (anonymous, "/cases", HttpStatusCode.Redirect),
            (anonymous, "/css/site.css", HttpStatusCode.OK),
            (anonymous, "/api/v1/cases", HttpStatusCode.Unauthorized),
            (browser, "/cases", HttpStatusCode.OK),
            (browser, "/cases/new", HttpStatusCode.OK),
            (api, "/api/v1/cases", HttpStatusCode.OK),
            (api, $"/api/v1/cases/{Guid.NewGuid()}", HttpStatusCode.NotFound),
        };
        foreach (var (client, path, status) in samples)
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(status, response.StatusCode);
            AssertProtected(response, path);
        }
    }

    [Fact]
    public async Task WithRequireHttps_PlainHttpIsRedirected_AndHttpsAnswersCarryHsts()
    {
        await using var secure = app.WithWebHostBuilder(b => b.UseSetting("Vigil:RequireHttps", "true"));
        using var plain = secure.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://vigil.test/") });
        using var redirected = await plain.GetAsync("/login");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Assert.Equal("https://vigil.test/login", redirected.Headers.Location?.ToString());

        using var https = secure.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://vigil.test/") });
        using var page = await https.GetAsync("/login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("max-age=31536000", string.Join(",", page.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
        AssertProtected(page, "/login over https");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SecurityHeadersTests_Sqlite(SqliteApp app) : SecurityHeadersTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SecurityHeadersTests_Postgres(PostgresApp app) : SecurityHeadersTests(app);
