using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Auth;

/// <summary>Issue 8, "make the class impossible": every operation in the OpenAPI document is requested by every role, in
/// the case's team and in another team, and anonymously. A route missing from <see cref="Rules"/> fails the test, so a
/// new route cannot ship without an access rule; the rule is checked against what the server does.</summary>
public abstract class OpenApiRouteMatrixTests(VigilAppFactory app)
{
    private const string I = Roles.Investigator, S = Roles.Supervisor, A = Roles.Analyst, F = Roles.FamilyLiaison, R = Roles.Reviewer, D = Roles.Administrator;
    private static readonly string[] Read = [I, S, A, F, R], Edit = [I, S], Supervise = [S], Linkage = [A, S, R];

    /// <summary>The specification: "METHOD /path/template" as the OpenAPI document writes it → roles that get past
    /// authorisation with an API token. Scope within a role (team, grants) is checked separately below.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Rules = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["GET /api/v1/cases"] = Read,
        ["POST /api/v1/cases"] = Edit,
        ["GET /api/v1/cases/{id}"] = Read,
        ["PUT /api/v1/cases/{id}"] = Edit,
        ["GET /api/v1/cases/{id}/audit"] = Read,
        ["GET /api/v1/people"] = Read,
        ["GET /api/v1/people/{id}"] = Read,
        ["POST /api/v1/imports"] = [S, D],
        ["POST /api/v1/tokens"] = [], // a token never mints a token, whatever its owner's role
        ["DELETE /api/v1/tokens/{id}"] = [I, S, A, F, R, D],
        ["GET /api/v1/cases/{id}/exhibits"] = Read,
        ["GET /api/v1/cases/{id}/exhibits/{exhibitId}/custody"] = Read,
        ["POST /api/v1/cases/{id}/exhibits/{exhibitId}/movements"] = Edit,
        ["POST /api/v1/cases/{id}/exhibits/{exhibitId}/submissions"] = Edit,
        ["POST /api/v1/cases/{id}/exhibits/{exhibitId}/submissions/{submissionId}/result"] = Edit,
        ["POST /api/v1/cases/{id}/examinations"] = Edit,
        ["GET /api/v1/cases/{id}/examinations"] = Read,
        ["POST /api/v1/cases/{id}/examinations/{resultId}/corrections"] = Edit,
        ["GET /api/v1/cases/{id}/actions"] = Read,
        ["POST /api/v1/cases/{id}/actions"] = Edit,
        ["GET /api/v1/cases/{id}/actions/{number}"] = Read,
        ["POST /api/v1/cases/{id}/actions/{number}/transitions"] = Edit,
        ["POST /api/v1/cases/{id}/actions/allocations"] = Edit,
        ["GET /api/v1/enquiries/dashboard"] = Supervise,
        ["GET /api/v1/enquiries/lists/{list}"] = Supervise,
        ["GET /api/v1/enquiries/my-work"] = Edit,
        ["GET /api/v1/cases/{id}/reviews"] = Read,
        ["POST /api/v1/cases/{id}/reviews/{reviewId}/outcome"] = Supervise,
        ["GET /api/v1/cases/{id}/decisions"] = Read,
        ["GET /api/v1/cases/{id}/decisions.csv"] = Read,
        ["GET /api/v1/cases/{id}/gate"] = Read,
        ["POST /api/v1/cases/{id}/classification"] = Edit,
        ["POST /api/v1/cases/{id}/decisions/{decisionId}/sign"] = Supervise,
        ["POST /api/v1/cases/{id}/decisions/{decisionId}/decline"] = Supervise,
        ["PUT /api/v1/cases/{id}/officer-in-charge"] = Supervise,
        ["GET /api/v1/linkage/candidates"] = Linkage,
        ["GET /api/v1/linkage/candidates/{id}/explanation"] = Linkage,
        ["POST /api/v1/linkage/candidates/{id}/decision"] = [A, S],
        ["GET /api/v1/linkage/alerts"] = Linkage,
        ["GET /api/v1/series/{id}"] = Read,
        ["POST /api/v1/series/{id}/members/{caseId}/decision"] = [A, S],
        ["POST /api/v1/people/{id}/merge"] = [A, S],
        ["POST /api/v1/people/{id}/split"] = [A, S],
        ["GET /api/v1/search"] = Read,
        ["GET /api/v1/timeline"] = Read,
        ["GET /api/v1/map"] = Read,
        ["GET /api/v1/map/places"] = Read,
        ["GET /api/v1/exports/deaths.geojson"] = Read,
        ["GET /api/v1/chart"] = Read,
        ["GET /api/v1/chart/expand"] = Read,
        ["POST /api/v1/chart/exports"] = Read,
        ["GET /api/v1/cases/{id}/fhir"] = Read,
        ["POST /api/v1/fhir/documents"] = [S, D],
        ["POST /api/v1/fhir/toxicology"] = Edit,
        ["GET /api/v1/notifications"] = [I, S, A, F, R, D],
        ["POST /api/v1/notifications/{id}/read"] = [I, S, A, F, R, D],
        ["POST /api/v1/notifications/read"] = [I, S, A, F, R, D],
        ["GET /cases/{id}/file.pdf"] = Read,
        ["GET /cases/{id}/as-known/pdf"] = Read,
        ["GET /cases/{id}/missed.pdf"] = Read,
        ["GET /series/{id}/missed.pdf"] = Read,
        ["GET /cases/{id}/family/report.pdf"] = [F, S, I], // the family file's policy (ADR 0301)
        ["GET /family/report.pdf"] = [], // the family's own copy: portal sessions only
    };

    /// <summary>Routes anyone may call, signed in or not: they show no case data.</summary>
    public static readonly IReadOnlySet<string> Anonymous = new HashSet<string>(StringComparer.Ordinal) { "GET /", "GET /health" };

    private async Task<List<(string Method, string Template)>> OperationsAsync()
    {
        using var client = app.CreateClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        return [.. doc.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "delete" or "patch")
                .Select(m => (m.Name.ToUpperInvariant(), p.Name)))];
    }

    [Fact]
    public async Task EveryOperationInTheOpenApiDocument_HasAnAccessRule_AndEveryRuleARoute()
    {
        var operations = (await OperationsAsync()).Select(o => $"{o.Method} {o.Template}").ToHashSet(StringComparer.Ordinal);
        Assert.True(operations.Count >= 30, $"only {operations.Count} operations found in the OpenAPI document");
        var unruled = operations.Except(Rules.Keys).Except(Anonymous).Order(StringComparer.Ordinal).ToList();
        Assert.True(unruled.Count == 0, "routes without an access rule (add them to Rules): " + string.Join(", ", unruled));
        var stale = Rules.Keys.Except(operations).Order(StringComparer.Ordinal).ToList();
        Assert.True(stale.Count == 0, "rules for routes that are gone: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task EveryOperation_ForEveryRoleInTheTeam_InAnotherTeam_AndAnonymously_AnswersAsTheRuleSays()
    {
        var team = "oam-" + Guid.NewGuid().ToString("N")[..8];
        var owner = await app.CreateUserAsync(I, team);
        var c = await app.CreateCaseAsync(owner);
        var inTeam = new Dictionary<string, TestUser>();
        var outside = new Dictionary<string, TestUser>();
        var otherTeam = "oam-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var role in Roles.All)
        {
            inTeam[role] = await app.CreateUserAsync(role, team);
            outside[role] = await app.CreateUserAsync(role, otherTeam);
        }
        var failures = new List<string>();
        foreach (var (method, template) in await OperationsAsync())
        {
            if (Anonymous.Contains($"{method} {template}"))
            {
                var open = await SendAsync(null, method, template);
                if ((int)open >= 500) failures.Add($"anonymous {method} {template} → {(int)open}");
                continue;
            }
            if (!Rules.TryGetValue($"{method} {template}", out var allowed)) continue; // reported by the test above
            var path = Fill(template, c.Id, inTeam[S].TeamId);
            foreach (var role in Roles.All)
            {
                var status = await SendAsync(inTeam[role], method, path);
                // The family portal has its own sign-in: a staff session there is simply not signed in (401).
                var portal = template.StartsWith("/family/", StringComparison.Ordinal);
                var ok = allowed.Contains(role) ? status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    : status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound || (portal && status is HttpStatusCode.Unauthorized);
                if (!ok || (int)status >= 500) failures.Add($"{role} (team) {method} {path} → {(int)status}, expected {(allowed.Contains(role) ? "allowed" : "denied")}");
                // Another team's case: never a success, nor an answer that tells the case exists (ADR 0501).
                if (template.Contains("/cases/{id}", StringComparison.Ordinal) && !AccessReadsEverything(role, method))
                {
                    var foreign = await SendAsync(outside[role], method, path);
                    if ((int)foreign is < 400 or >= 500 or 409 or 412) failures.Add($"{role} (other team) {method} {path} → {(int)foreign}");
                }
            }
            var anonymous = await SendAsync(null, method, path);
            if (anonymous != HttpStatusCode.Unauthorized) failures.Add($"anonymous {method} {path} → {(int)anonymous}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Analysts and reviewers read every case by design (ADR 0006); their writes are refused by role.</summary>
    private static bool AccessReadsEverything(string role, string method) => method == "GET" && role is A or R;

    private static string Fill(string template, Guid caseId, Guid teamId)
    {
        var path = template.Replace("/cases/{id}", $"/cases/{caseId}", StringComparison.Ordinal).Replace("{number}", "1", StringComparison.Ordinal)
            .Replace("{list}", "override-requests", StringComparison.Ordinal);
        path = System.Text.RegularExpressions.Regex.Replace(path, @"\{[A-Za-z]+\}", _ => Guid.NewGuid().ToString());
        return path.EndsWith("/imports", StringComparison.Ordinal) ? $"{path}?team={teamId}" : path;
    }

    private async Task<HttpStatusCode> SendAsync(TestUser? user, string method, string path)
    {
        using var client = user is null ? app.CreateClient(new() { AllowAutoRedirect = false }) : app.ApiClient(user);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        // A well-formed case for creation, so the team rule (not validation) decides; "{}" everywhere else.
        if (method == "POST" && path == "/api/v1/cases")
            request.Content = JsonContent.Create(new CreateCaseRequest(user?.TeamId ?? Guid.Empty, Samples.Record()), options: ApiJson.Client);
        else if (method is "POST" or "PUT")
            request.Content = path.Contains("/imports", StringComparison.Ordinal)
                ? new StringContent("", Encoding.UTF8, "application/x-ndjson") : new StringContent("{}", Encoding.UTF8, "application/json");
        if (method == "PUT") request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        using var response = await client.SendAsync(request);
        // Routes outside /api answer as pages do: a redirect to a sign-in page (401) or to /denied (403).
        var to = response.StatusCode == HttpStatusCode.Redirect ? response.Headers.Location?.OriginalString ?? "" : "";
        return to.Contains("login", StringComparison.Ordinal) ? HttpStatusCode.Unauthorized
            : to.Contains("/denied", StringComparison.Ordinal) ? HttpStatusCode.Forbidden : response.StatusCode;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OpenApiRouteMatrixTests_Sqlite(SqliteApp app) : OpenApiRouteMatrixTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OpenApiRouteMatrixTests_Postgres(PostgresApp app) : OpenApiRouteMatrixTests(app);
