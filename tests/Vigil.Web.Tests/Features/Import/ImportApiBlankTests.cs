using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Vigil.Data.Identity;
using Vigil.Web.Features.Import;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>The import endpoint sent blank, as ADR 1659's walk sends the pages' forms: no team, or "?team=" with nothing,
/// is an RFC 9457 problem saying what to send (ADR 1261), never the binder's words; a team and an empty body is a quiet
/// day's export: nothing imported, not refused (ADR 3362).</summary>
public abstract class ImportApiBlankTests(VigilAppFactory app)
{
    [Theory]
    [InlineData("/api/v1/imports")]
    [InlineData("/api/v1/imports?team=")]
    public async Task NoTeam_IsAProblemSayingWhatToSend(string url)
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        using var client = app.ApiClient(supervisor);
        using var response = await client.PostAsync(url, Empty());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
        Assert.Equal("team is required: send an id (a GUID).", problem.Detail);
    }

    [Fact]
    public async Task ATeamAndAnEmptyBody_ImportsNothing()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        using var client = app.ApiClient(supervisor);
        using var response = await client.PostAsync($"/api/v1/imports?team={supervisor.TeamId}", Empty());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = (await response.Content.ReadFromJsonAsync<ImportResponse>(ApiJson.Client))!;
        Assert.Equal((0, 0, 0), (summary.Lines, summary.Created, summary.Rejected.Count));
    }

    private static StringContent Empty() => new("", Encoding.UTF8, "application/x-ndjson");
}

[Collection(SqliteCollection.Name)]
public sealed class ImportApiBlankTests_Sqlite(SqliteApp app) : ImportApiBlankTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ImportApiBlankTests_Postgres(PostgresApp app) : ImportApiBlankTests(app);
