using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Auth;

/// <summary>Every route × every role: allowed roles get past authorisation, every other role gets 403 (pages: the
/// access-denied page), anonymous callers 401 (pages: the login redirect). The table is the specification. Each row has
/// a case of its own; the role users (and the cases' owner) are the class's, each signed in once (ADR 3297): a row that
/// changes its user (disables it, rotates its stamp, moves its team) needs a user of its own.</summary>
public abstract class AccessMatrixTests(VigilAppFactory app, RoleSessions sessions) : IClassFixture<RoleSessions>
{
    private const string Team = "matrix-team";
    private const string I = Roles.Investigator, S = Roles.Supervisor, A = Roles.Analyst, F = Roles.FamilyLiaison, R = Roles.Reviewer, D = Roles.Administrator;

    public static TheoryData<string, string, string[]> Routes => new()
    {
        { "GET", "/api/v1/cases", [I, S, A, F, R] },
        { "GET", "/api/v1/cases/{case}", [I, S, A, F, R] },
        { "GET", "/api/v1/cases/{case}/audit", [I, S, A, F, R] },
        { "POST", "/api/v1/cases", [I, S] },
        { "PUT", "/api/v1/cases/{case}", [I, S] },
        { "PUT", "/api/v1/cases/{case}/officer-in-charge", [S] },
        { "POST", "/api/v1/cases/{case}/actions/allocations", [I, S] },
        { "GET", "/api/v1/people?q=ma", [I, S, A, F, R] },
        { "POST", "/api/v1/imports?team={team}", [S, D] },
        { "POST", "/api/v1/tokens", [] }, // tokens cannot mint tokens, whatever the role
        { "GET", "/cases", [I, S, A, F, R] },
        { "GET", "/cases/{case}", [I, S, A, F, R] },
        { "GET", "/cases/new", [I, S] },
        { "GET", "/cases/{case}/edit", [I, S] },
        { "GET", "/cases/{case}/audit", [I, S, A, F, R] },
        { "POST", "/cases/{case}/officer-in-charge", [S] },
        { "GET", "/admin/users", [D] },
        { "GET", "/admin/users/new", [D] },
        { "POST", "/admin/users/new", [D] },
        { "GET", "/admin/users/{user}", [D] },
        { "POST", "/admin/users/{user}?handler=Access", [D] },
        { "POST", "/admin/users/{user}?handler=Grant", [D] },
        { "POST", "/admin/users/{user}?handler=Revoke", [D] },
        { "POST", "/admin/users/{user}?handler=RevokeToken", [D] },
        { "POST", "/admin/users/{user}?handler=Password", [D] },
        { "POST", "/admin/users/{user}?handler=Enable", [D] },
        { "GET", "/admin/users/{user}/disable", [D] },
        { "POST", "/admin/users/{user}/disable", [D] },
        { "GET", "/linkage", [S, A, R] },
        { "GET", "/linkage/clusters", [S, A, R] },
        // Every member of staff changes their own password (ADR 3121).
        { "GET", "/account/password", [I, S, A, F, R, D] },
        { "POST", "/account/password", [I, S, A, F, R, D] },
        { "GET", "/notifications", [I, S, A, F, R, D] },
        { "GET", "/enquiries/my-work", [I, S] },
        { "GET", "/enquiries/led/overdue-actions", [I, S] },
        { "GET", "/enquiries/lists/overdue-actions", [S] },
        { "GET", "/liaison/overdue/questions", [I, S, F] },
        { "GET", "/liaison/overdue/tasks", [I, S, F] },
        { "GET", "/liaison/waiting", [I, S, F] },
        { "GET", "/liaison/open-after-closure", [I, S, F] },
        { "GET", "/api/v1/notifications", [I, S, A, F, R, D] },
        { "POST", "/api/v1/notifications/read", [I, S, A, F, R, D] },
        { "GET", "/saved-searches", [I, S, A, F, R] },
        { "GET", "/search?q=hale", [I, S, A, F, R] },
        { "GET", "/api/v1/search?q=hale", [I, S, A, F, R] },
        { "GET", "/people/{person}", [I, S, A, F, R] },
        { "POST", "/api/v1/people/{person}/merge", [S, A] },
        { "POST", "/api/v1/people/{person}/split", [S, A] },
        { "GET", "/chart?case={case}", [I, S, A, F, R] },
        { "GET", "/api/v1/chart?case={case}", [I, S, A, F, R] },
        { "GET", "/api/v1/chart/expand?node=c:{case}", [I, S, A, F, R] },
        { "POST", "/api/v1/chart/exports", [I, S, A, F, R] },
        { "GET", "/timeline?case={case}", [I, S, A, F, R] },
        { "GET", "/api/v1/timeline?case={case}", [I, S, A, F, R] },
        { "GET", "/map?kind=ghb", [I, S, A, F, R] },
        { "GET", "/api/v1/map?kind=ghb", [I, S, A, F, R] },
        { "GET", "/api/v1/map/places?south=51&west=-1&north=52&east=1", [I, S, A, F, R] },
        { "GET", "/api/v1/exports/deaths.geojson", [I, S, A, F, R] },
        { "GET", "/api/v1/linkage/candidates", [S, A, R] },
        { "GET", "/api/v1/cases/{case}/fhir", [I, S, A, F, R] },
        { "GET", "/api/v1/linkage/alerts", [S, A, R] },
        // A confirmed series holding the case: every reader of one of its deaths may open it.
        { "GET", "/series/{series}", [I, S, A, F, R] },
        { "GET", "/api/v1/series/{series}", [I, S, A, F, R] },
        // A death of a series beside another (round 54): the pair page's readers, the linkage readers.
        { "GET", "/series/{series}/compare/{case}", [S, A, R] },
        { "GET", "/import", [S, D] },
        { "POST", "/import", [S, D] },
        // Oversight (issue 12): reports read cases; the register is the reviewers' (others see only granted findings).
        { "GET", "/cases/{case}/as-known", [I, S, A, F, R] },
        { "GET", "/cases/{case}/as-known/diff", [I, S, A, F, R] },
        { "GET", "/cases/{case}/as-known/pdf", [I, S, A, F, R] },
        { "GET", "/cases/{case}/missed", [I, S, A, F, R] },
        { "GET", "/cases/{case}/missed.pdf", [I, S, A, F, R] },
        { "GET", "/cases/{case}/file.pdf", [I, S, A, F, R] },
        { "GET", "/cases/{case}/family/report.pdf", [I, S, F] },
        { "GET", "/reviews", [I, S, A, F, R] },
        { "GET", "/reviews/new", [R] },
        { "POST", "/reviews/new", [R] },
        // Verifying the audit trail (ADR 3221): the reviewers and the administrators; no other role starts or sees it.
        { "GET", "/audit/verification", [R, D] },
        { "POST", "/audit/verification", [R, D] },
        // Round 53 (sec53): the pages and form posts the table had not named. A post's row is its page's policy (an
        // allowed role's post, without its antiforgery token, is refused after authorisation, 400); the handlers' own
        // rules (scope, state) are tested beside each feature.
        { "GET", "/cases/{case}/family", [I, S, F] },
        { "POST", "/cases/{case}/family?handler=Contact", [I, S, F] },
        { "GET", "/liaison", [I, S, F] },
        { "GET", "/enquiries/supervision", [S] },
        { "GET", "/cases/{case}/officer-in-charge", [S] },
        { "GET", "/series/{series}/missed", [I, S, A, F, R] },
        { "POST", "/cases/new", [I, S] },
        { "POST", "/cases/{case}/edit", [I, S] },
        { "POST", "/cases/{case}/enquiry?handler=Raise", [I, S] },
        { "POST", "/notifications?handler=Read", [I, S, A, F, R, D] },
        { "POST", "/saved-searches?handler=Save", [I, S, A, F, R] },
        // Round 55 (sec55): what rounds 50–54 added that the table had not named. The chart and the timeline without a
        // subject ask for one (walk53 finding 24); the family file's "use this review's date" (ADR 3245). The verification
        // page's ?handler=Progress shares the page's policy (a Razor page is authorised as a whole) and answers 404 for
        // a run that does not exist, which the table cannot tell from a refusal: its handler is tested in
        // AuditVerificationPageTests.
        { "GET", "/chart", [I, S, A, F, R] },
        { "GET", "/timeline", [I, S, A, F, R] },
        { "GET", "/chart?reference=VGL-1900-000001", [I, S, A, F, R] },
        { "POST", "/cases/{case}/family?handler=NextReview", [I, S, F] },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryRole_IsAllowedOrDenied_AsTheTableSays(string method, string template, string[] allowed)
    {
        var owner = await sessions.UserAsync(app, I, Team, who: "owner");
        var created = await app.CreateCaseAsync(owner);
        var person = await PersonOfAsync(created.Id);
        if (template.Contains("{series}", StringComparison.Ordinal)) template = template.Replace("{series}", (await SeriesOfAsync(created.Id)).ToString(), StringComparison.Ordinal);
        foreach (var role in Roles.All)
        {
            // Team roles share the case's team, so a denial here is the role's, not the team scope's.
            var user = await sessions.UserAsync(app, role, Team);
            var path = Fill(template, created, user.TeamId, person, owner.Id);
            var status = await SendAsync(user, method, path, created);
            if (allowed.Contains(role))
                Assert.True(status is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized or HttpStatusCode.NotFound), $"{role} {method} {path} → {(int)status}, expected allowed");
            else
                Assert.True(status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{role} {method} {path} → {(int)status}, expected denied");
        }
        var anonymous = await SendAsync(null, method, Fill(template, created, owner.TeamId, person, owner.Id), created);
        Assert.True(anonymous is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect, $"anonymous {method} {template} → {(int)anonymous}");
    }

    private static string Fill(string template, CaseResponse c, Guid team, Guid person, string user) => template
        .Replace("{case}", c.Id.ToString(), StringComparison.Ordinal).Replace("{team}", team.ToString(), StringComparison.Ordinal)
        .Replace("{person}", person.ToString(), StringComparison.Ordinal).Replace("{user}", user, StringComparison.Ordinal);

    private Task<Guid> PersonOfAsync(Guid caseId) => app.WithScopeAsync(sp =>
        Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Vigil.Data.VigilDbContext>(sp).CasePeople.Where(p => p.CaseId == caseId).Select(p => p.PersonId)));
    /// <summary>A confirmed series with the case as its (only visible) member.</summary>
    private Task<Guid> SeriesOfAsync(Guid caseId) => app.WithScopeAsync(async sp =>
    {
        var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Vigil.Data.VigilDbContext>(sp);
        var series = new Vigil.Data.Linkage.LinkedSeries { Reference = "LS-MX-" + Guid.NewGuid().ToString("N")[..6], CreatedAt = DateTime.UtcNow, CreatedBy = "matrix" };
        Vigil.Web.Features.Linkage.LinkageStore.Series(db).Add(series);
        Vigil.Web.Features.Linkage.LinkageStore.SeriesMembers(db).Add(new Vigil.Data.Linkage.LinkedSeriesMember { SeriesId = series.Id, CaseId = caseId, AddedAt = DateTime.UtcNow, AddedBy = "matrix" });
        await db.SaveChangesAsync();
        return series.Id;
    });


    private async Task<HttpStatusCode> SendAsync(TestUser? user, string method, string path, CaseResponse c)
    {
        var isPage = !path.StartsWith("/api/", StringComparison.Ordinal);
        using var fresh = user is null ? app.CreateClient(new() { AllowAutoRedirect = false }) : isPage ? null : app.ApiClient(user);
        var client = fresh ?? await sessions.SignedInAsync(app, user!);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "PUT")
        {
            request.Content = JsonContent.Create(new UpdateCaseRequest(c.Record), options: ApiJson.Client);
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        }
        else if (method == "POST")
        {
            request.Content = path.Contains("imports", StringComparison.Ordinal)
                ? new StringContent("", System.Text.Encoding.UTF8, "application/x-ndjson")
                : path.Contains("tokens", StringComparison.Ordinal) ? JsonContent.Create(new { name = "x" }, options: ApiJson.Client) : JsonContent.Create(new CreateCaseRequest(user?.TeamId ?? Guid.Empty, Samples.Record()), options: ApiJson.Client);
        }
        var response = await client.SendAsync(request);
        // Pages answer a denied user with a redirect to /denied.
        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/denied", StringComparison.Ordinal) == true)
            return HttpStatusCode.Forbidden;
        return response.StatusCode;
    }

    [Fact]
    public async Task InvestigatorOfAnotherTeam_CannotReachTheCase_AnywhereItIsServed()
    {
        var owner = await app.CreateUserAsync(I);
        var outsider = await app.CreateUserAsync(I);
        var created = await app.CreateCaseAsync(owner);
        using var api = app.ApiClient(outsider);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/cases/{created.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/cases/{created.Id}/audit")).StatusCode);
        var list = (await api.GetFromJsonAsync<CasePage>($"/api/v1/cases?q={created.Reference}", ApiJson.Client))!;
        Assert.Empty(list.Items);
        using var web = await app.SignedInClientAsync(outsider);
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/cases/{created.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/cases/{created.Id}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/cases/{created.Id}/audit")).StatusCode);
    }

    [Fact]
    public async Task InvestigatorOfAnotherTeam_CannotReachTheCase_ThroughTheWorkspace()
    {
        var owner = await app.CreateUserAsync(I);
        var outsider = await app.CreateUserAsync(I);
        var created = await app.CreateCaseAsync(owner, Samples.Record(name: "Workspace Hidden") with
        {
            People = [new Vigil.Records.RecordPerson { Role = "finder", Name = "Quentin Matrix" + Guid.NewGuid().ToString("N")[..6].Replace('0', 'q') }],
        });
        var person = await PersonOfAsync(created.Id);
        using var api = app.ApiClient(outsider);
        foreach (var path in new[] { $"/api/v1/chart?case={created.Id}", $"/api/v1/chart/expand?node=c:{created.Id}", $"/api/v1/chart/expand?node=p:{person}",
                     $"/api/v1/timeline?case={created.Id}", $"/api/v1/timeline?person={person}" })
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(path)).StatusCode);
        Assert.DoesNotContain(created.Id.ToString(), await api.GetStringAsync("/api/v1/map"), StringComparison.Ordinal);
        using var web = await app.SignedInClientAsync(outsider);
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/people/{person}")).StatusCode);
    }

    [Fact]
    public async Task RevokedToken_AndDisabledUser_AreRefused()
    {
        var ivy = await app.CreateUserAsync(I);
        using var client = app.ApiClient(ivy);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/cases")).StatusCode);
        await app.WithScopeAsync(async sp => { await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Vigil.Web.Features.Users.UserAdmin>(sp).SetDisabledAsync(ivy.UserName, true); return 0; });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/cases")).StatusCode);
    }

    [Fact]
    public async Task RepeatedFailedLogins_LockTheAccount()
    {
        var ivy = await app.CreateUserAsync(I);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        for (var i = 0; i < 5; i++)
            await Forms.PostAsync(client, "/login", new() { ["Input.UserName"] = ivy.UserName, ["Input.Password"] = "wrong password!!" });
        var response = await Forms.PostAsync(client, "/login", new() { ["Input.UserName"] = ivy.UserName, ["Input.Password"] = VigilAppFactory.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the right password is refused while locked
        await app.WithDbAsync(async db => Assert.True((await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Users, u => u.Id == ivy.Id)).LockoutEnd > DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task FormPostWithoutAntiforgeryToken_IsRefused()
    {
        var ivy = await app.CreateUserAsync(I);
        using var client = await app.SignedInClientAsync(ivy);
        var response = await client.PostAsync("/cases/new", new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.Latitude"] = "51" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AccessMatrixTests_Sqlite(SqliteApp app, RoleSessions sessions) : AccessMatrixTests(app, sessions);

[Collection(PostgresCollection.Name)]
public sealed class AccessMatrixTests_Postgres(PostgresApp app, RoleSessions sessions) : AccessMatrixTests(app, sessions);
