using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Web.Features.Family.Portal;
using Vigil.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>The security matrix: every staff route with a family session, every portal route with every staff role,
/// anonymously, with the family's own session and with another case's family session (IDOR). Routes are read from
/// the app's endpoint table, so a new route is covered without editing this test.</summary>
public abstract class PortalSecurityTests(VigilAppFactory app, ITestOutputHelper output)
{
    private List<(string Method, RouteEndpoint Endpoint)> Routes()
    {
        using var _ = app.CreateClient(); // starts the host
        return app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"]).Select(m => (m, e)))
            .ToList();
    }

    private static bool IsPortal(RouteEndpoint e) => ("/" + e.RoutePattern.RawText?.TrimStart('/')).StartsWith("/family", StringComparison.Ordinal);
    private static bool IsAnonymous(RouteEndpoint e) => e.Metadata.GetMetadata<IAllowAnonymous>() is not null;

    private static string PathOf(RouteEndpoint e, Guid caseId)
    {
        var path = "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');
        foreach (var p in e.RoutePattern.Parameters)
            path = System.Text.RegularExpressions.Regex.Replace(path, "\\{\\*{0,2}" + p.Name + "[^}]*\\}", caseId.ToString());
        return path;
    }

    [Fact]
    public async Task EveryStaffRoute_RefusesAFamilySession_EvenWhenTheCookieIsForcedOnIt()
    {
        var f = await FamilyKit.CaseAsync(app);
        var (_, _, cookie) = await FamilyKit.FamilySessionWithCookieAsync(app, f);
        var staff = Routes().Where(r => !IsPortal(r.Endpoint) && !IsAnonymous(r.Endpoint)).ToList();
        Assert.True(staff.Count > 15, $"only {staff.Count} staff routes found");
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        foreach (var (method, endpoint) in staff)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), PathOf(endpoint, f.Case.Id));
            request.Headers.Add("Cookie", cookie);
            if (method is "POST" or "PUT") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden,
                $"{method} {request.RequestUri} with a family session → {(int)response.StatusCode} {response.Headers.Location}");
            Assert.DoesNotContain(f.Marker, body, StringComparison.Ordinal);
        }
        output.WriteLine($"staff routes × family session: {staff.Count}");
    }

    [Fact]
    public async Task EveryPortalRoute_RefusesStaffAndAnonymous_AndShowsEachFamilyOnlyTheirOwnCase()
    {
        var a = await FamilyKit.CaseAsync(app);
        var b = await FamilyKit.CaseAsync(app);
        var (familyA, _) = await FamilyKit.FamilySessionAsync(app, a);
        var (familyB, _) = await FamilyKit.FamilySessionAsync(app, b);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(familyA, "/family/ask", new() { ["Question"] = "QUESTION-A " + a.Marker })).StatusCode);
        var portal = Routes().Where(r => IsPortal(r.Endpoint) && !IsAnonymous(r.Endpoint) && r.Method == "GET").Select(r => PathOf(r.Endpoint, a.Case.Id)).Distinct().ToList();
        Assert.True(portal.Count >= 4, string.Join(", ", portal));
        var checks = 0;
        foreach (var path in portal)
        {
            foreach (var role in Roles.All)
            {
                using var staff = await app.SignedInClientAsync(await app.CreateUserAsync(role, a.Investigator.Team));
                var response = await staff.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.Redirect && new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath.StartsWith("/family/login", StringComparison.Ordinal),
                    $"{role} GET {path} → {(int)response.StatusCode}");
                checks++;
            }
            using var anonymous = FamilyKit.Browser(app);
            Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(path)).StatusCode);
            var other = await familyB.GetAsync(path);
            Assert.DoesNotContain(a.Marker, await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var own = await familyA.GetAsync(path);
            Assert.True(own.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"family GET {path} → {(int)own.StatusCode}");
            checks += 3;
        }
        Assert.Contains("QUESTION-A " + a.Marker, await familyA.GetStringAsync("/family"), StringComparison.Ordinal);
        output.WriteLine($"portal routes × sessions: {portal.Count} × {Roles.All.Count + 3} = {checks}");
    }

    [Fact]
    public async Task RepeatedWrongPasswords_LockTheAccount_AndTheLoginIsRateLimited()
    {
        var f = await FamilyKit.CaseAsync(app);
        var (_, userName) = await FamilyKit.FamilySessionAsync(app, f);
        using var attacker = FamilyKit.Browser(app);
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await FamilyKit.LoginAsync(attacker, userName, "wrong password " + i)).StatusCode);
        var right = await FamilyKit.LoginAsync(attacker, userName, FamilyKit.FamilyPassword);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("paused for 15 minutes", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.WithDbAsync(async db => Assert.NotNull((await db.FamilyAccounts.SingleAsync(x => x.UserName == userName)).LockedUntil));
        var login = Routes().Single(r => r.Method == "POST" && r.Endpoint.RoutePattern.RawText == "family/login").Endpoint;
        Assert.Equal(Vigil.Web.Hosting.RateLimits.Login, login.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName);
    }

    [Fact]
    public async Task Uploads_OfTheWrongTypeOrSize_AreRefused_AndHostileNamesAreNeutralised()
    {
        var f = await FamilyKit.CaseAsync(app);
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        var exe = new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03 };
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PortalFlowTests.SubmitAsync(family, "exe", ("statement.pdf", exe))).StatusCode);
        var html = "<html><script>alert(1)</script>"u8.ToArray().Concat(new byte[] { 0 }).ToArray();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PortalFlowTests.SubmitAsync(family, "binary", ("page.png", html))).StatusCode);
        var big = Enumerable.Repeat((byte)'a', 5 * 1024 * 1024 + 1).ToArray();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PortalFlowTests.SubmitAsync(family, "too big", ("big.txt", big))).StatusCode);
        await app.WithDbAsync(async db => Assert.False(await db.FamilySubmissions.AnyAsync(s => s.CaseId == f.Case.Id)));

        var hostile = "../../wwwroot/<img src=x onerror=alert(1)>\u202Egnp.exe.txt";
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFlowTests.SubmitAsync(family, "named", (hostile, "plain words"u8.ToArray()))).StatusCode);
        await app.WithDbAsync(async db =>
        {
            var file = await db.SubmissionFiles.SingleAsync(x => x.CaseId == f.Case.Id);
            Assert.Matches("^[0-9a-f]{32}$", file.StoredName);
            // The bytes are in the store (ADR 1621): the name they gave reaches no path at all.
            Assert.Equal("plain words"u8.ToArray(), await db.SubmissionFileContents.Where(c => c.SubmissionFileId == file.Id).Select(c => c.Bytes).SingleAsync());
            Assert.DoesNotMatch("[/\\\\<>\u202E]", file.DisplayName);
            Assert.False(file.DisplayName.StartsWith('.'));
        });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PortalSecurityTests_Sqlite(SqliteApp app, ITestOutputHelper output) : PortalSecurityTests(app, output);

[Collection(PostgresCollection.Name)]
public sealed class PortalSecurityTests_Postgres(PostgresApp app, ITestOutputHelper output) : PortalSecurityTests(app, output);
