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

    /// <summary>sec61: a case's data, whatever carries it (API answers, the case file PDF, the decision log's CSV, a family
    /// upload), is never kept by the browser or a proxy: on a shared station the next user of the browser read the last
    /// one's cached answers after sign-out. Pages already said so (antiforgery); static files stay cacheable (ADR 3309).</summary>
    [Fact]
    public async Task CaseDataIsNeverStored_WhileStaticFilesMayBe()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy, Samples.Record());
        using var browser = await app.SignedInClientAsync(ivy);
        using var api = app.ApiClient(ivy);
        foreach (var (client, path) in new[]
        {
            (api, $"/api/v1/cases/{created.Id}"), (browser, $"/api/v1/cases/{created.Id}"), (api, $"/api/v1/cases/{created.Id}/decisions.csv"),
            (api, $"/api/v1/cases/{created.Id}/fhir"), (browser, $"/api/v1/timeline?case={created.Id}"), (browser, $"/cases/{created.Id}/file.pdf"),
            (browser, $"/cases/{created.Id}"),
        })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{path}: Cache-Control was '{response.Headers.CacheControl}'");
        }
        using var css = await browser.GetAsync("/css/site.css");
        Assert.NotEqual(true, css.Headers.CacheControl?.NoStore);
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
