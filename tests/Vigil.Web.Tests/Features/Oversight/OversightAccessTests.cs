using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Data.Oversight;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Oversight;

/// <summary>Every oversight route × every role, in the case's team and in another team: allowed roles get past
/// authorisation and scope, others get 403 (pages: the denied page) or 404 (outside their scope), anonymous callers
/// the login redirect or 401. The table is the specification, as in AccessMatrixTests. Each row has a case, series and
/// finding of its own; the role users of each team (and the cases' owner) are the class's, each signed in once (ADR 3297).
/// The other team is one no case of this class is ever in. A row that changes its user needs a user of its own.</summary>
public abstract class OversightAccessTests(VigilAppFactory app, RoleSessions sessions) : IClassFixture<RoleSessions>
{
    private const string Team = "oversight-team", OtherTeam = "oversight-other-team";
    private const string I = Roles.Investigator, S = Roles.Supervisor, A = Roles.Analyst, F = Roles.FamilyLiaison, R = Roles.Reviewer;
    private static readonly string[] Readers = [I, S, A, F, R];

    public static TheoryData<string, string, string[], bool> Routes => new()
    {
        // method, path, roles allowed in the case's team, whether other teams' investigators/FLOs/supervisors are refused
        { "GET", "/cases/{case}/as-known", Readers, true },
        { "GET", "/cases/{case}/as-known?seq=1", Readers, true },
        { "GET", "/cases/{case}/as-known/diff?from=1&to=2", Readers, true },
        { "GET", "/cases/{case}/as-known/pdf", Readers, true },
        { "GET", "/cases/{case}/file.pdf", Readers, true },
        { "GET", "/cases/{case}/missed", Readers, true },
        { "GET", "/cases/{case}/missed.pdf", Readers, true },
        { "GET", "/cases/{case}/family/report.pdf", [I, S, F], true },
        { "GET", "/series/{series}/missed", Readers, true },
        { "GET", "/series/{series}/missed.pdf", Readers, true },
        { "GET", "/reviews", Readers, false },
        { "GET", "/reviews/new", [R], false },
        { "POST", "/reviews/new", [R], false },
        { "GET", "/reviews/{finding}", [R], false },
        { "POST", "/reviews/{finding}?handler=Grant", [R], false },
        { "POST", "/reviews/{finding}?handler=Status", [R], false },
        { "POST", "/reviews/{finding}?handler=Respond", [], false }, // the force answers, and only when granted (RegisterTests)
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryRoleAndTeam_IsAllowedOrRefused_AsTheTableSays(string method, string template, string[] allowed, bool teamScoped)
    {
        var owner = await sessions.UserAsync(app, I, Team, who: "owner");
        var created = await app.CreateCaseAsync(owner);
        var (series, finding) = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var s = new LinkedSeries { Reference = "LS-M-" + Guid.NewGuid().ToString("N")[..6], CreatedAt = DateTime.UtcNow, CreatedBy = "matrix" };
            db.Add(s);
            db.Add(new LinkedSeriesMember { SeriesId = s.Id, CaseId = created.Id, AddedAt = DateTime.UtcNow, AddedBy = "matrix" });
            var f = new ReviewFinding { Reference = "RF-M-" + Guid.NewGuid().ToString("N")[..6], SubjectCaseId = created.Id, Title = "t", Detail = "d", RaisedBy = "r", RaisedAt = DateTime.UtcNow };
            db.Add(f);
            await db.SaveChangesAsync();
            return (s.Id, f.Id);
        });
        string Path(string t) => t.Replace("{case}", created.Id.ToString(), StringComparison.Ordinal)
            .Replace("{series}", series.ToString(), StringComparison.Ordinal).Replace("{finding}", finding.ToString(), StringComparison.Ordinal);
        foreach (var role in Roles.All)
            foreach (var team in new[] { Team, OtherTeam })
            {
                var user = await sessions.UserAsync(app, role, team);
                var status = await SendAsync(user, method, Path(template));
                var teamRole = role is I or S or F;
                var expectAllowed = allowed.Contains(role) && (!teamScoped || !teamRole || team == Team);
                if (expectAllowed)
                    Assert.True(status is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized or HttpStatusCode.NotFound), $"{role} ({team}) {method} {Path(template)} → {(int)status}, expected allowed");
                else
                    Assert.True(status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{role} ({team}) {method} {Path(template)} → {(int)status}, expected refused");
            }
        var anonymous = await SendAsync(null, method, Path(template));
        Assert.True(anonymous is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"anonymous {method} {template} → {(int)anonymous}");
    }

    [Fact]
    public async Task TheFamilysOwnReport_IsRefusedToStaff()
    {
        foreach (var role in Roles.All)
        {
            using var client = await app.SignedInClientAsync(await app.CreateUserAsync(role));
            var response = await client.GetAsync("/family/report.pdf");
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private async Task<HttpStatusCode> SendAsync(TestUser? user, string method, string path)
    {
        using var anonymous = user is null ? app.CreateClient(new() { AllowAutoRedirect = false }) : null;
        var client = anonymous ?? await sessions.SignedInAsync(app, user!);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            // A valid antiforgery token (from the layout's sign-out form), so that the refusal tested is the route's own.
            var token = user is null ? null : Forms.AntiforgeryToken(await client.GetStringAsync(user.Role == Roles.Administrator ? "/admin/users" : "/reviews"));
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token ?? "" });
        }
        var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/denied", StringComparison.Ordinal) == true)
            return HttpStatusCode.Forbidden;
        return response.StatusCode;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OversightAccessTests_Sqlite(SqliteApp app, RoleSessions sessions) : OversightAccessTests(app, sessions);

[Collection(PostgresCollection.Name)]
public sealed class OversightAccessTests_Postgres(PostgresApp app, RoleSessions sessions) : OversightAccessTests(app, sessions);
