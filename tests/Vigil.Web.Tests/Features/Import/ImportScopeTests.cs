using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Import;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>Issue 8, findings 1 and 8: an import or a create never reaches, overwrites or reveals another team's case.
/// A case's idempotence key is (team, source, ref) (ADR 0501).</summary>
public abstract class ImportScopeTests(VigilAppFactory app)
{
    private static StringContent Body(params DeathRecord[] records) =>
        new(string.Join("\n", records.Select(DeathRecordWriter.ToJson)), Encoding.UTF8, "application/x-ndjson");

    private async Task<(TestUser Owner, CaseResponse Case, DeathRecord Record)> CentralCaseAsync()
    {
        var owner = await app.CreateUserAsync(Roles.Investigator);
        var record = Samples.Record(source: "ext-" + Guid.NewGuid().ToString("N")[..6], name: "Central Original");
        return (owner, await app.CreateCaseAsync(owner, record), record);
    }

    [Fact]
    public async Task ImportIntoOwnTeam_OfAnotherTeamsSourceAndRef_CreatesItsOwnCase_AndLeavesTheOtherUntouched()
    {
        var (_, central, record) = await CentralCaseAsync();
        var east = await app.CreateUserAsync(Roles.Supervisor);
        using var client = app.ApiClient(east);
        var response = await client.PostAsync($"/api/v1/imports?team={east.TeamId}", Body(record with { Deceased = record.Deceased! with { Name = "Overwritten By East" } }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<ImportResponse>(ApiJson.Client))!;
        Assert.Equal((1, 0), (result.Created, result.Updated));
        await app.WithDbAsync(async db =>
        {
            var untouched = await db.Cases.SingleAsync(c => c.Id == central.Id);
            Assert.Equal((1, "Central Original"), (untouched.Version, untouched.Deceased.Name));
            var own = await db.Cases.SingleAsync(c => c.TeamId == east.TeamId && c.Source == record.Source && c.SourceRef == record.Ref);
            Assert.Equal("Overwritten By East", own.Deceased.Name);
        });
    }

    [Theory]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Administrator)]
    public async Task ImportIntoATeamTheCallerDoesNotBelongTo_IsRefused_AndNothingChanges(string role)
    {
        var (owner, central, record) = await CentralCaseAsync();
        var outsider = await app.CreateUserAsync(role);
        using var client = app.ApiClient(outsider);
        var response = await client.PostAsync($"/api/v1/imports?team={owner.TeamId}", Body(record with { Narrative = "outsider's narrative" }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        // An unknown team gets the same answer: the refusal says nothing about which teams exist.
        var unknown = await client.PostAsync($"/api/v1/imports?team={Guid.NewGuid()}", Body(record));
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.Equal(await ProblemAsync(response), await ProblemAsync(unknown));
        await app.WithDbAsync(async db => Assert.Equal(1, (await db.Cases.SingleAsync(c => c.Id == central.Id)).Version));
    }

    private static async Task<string> ProblemAsync(HttpResponseMessage r)
    {
        var p = (await r.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(ApiJson.Client))!;
        return $"{p.Status} {p.Title} {p.Detail}";
    }

    [Fact]
    public async Task Administrator_ImportsIntoATeamTheyAreAMemberOf_ButReadsNoCaseThroughIt()
    {
        var admin = await app.CreateUserAsync(Roles.Administrator);
        var record = Samples.Record(source: "adm-" + Guid.NewGuid().ToString("N")[..6], name: "Loaded By Admin");
        using var client = app.ApiClient(admin);
        var first = await client.PostAsync($"/api/v1/imports?team={admin.TeamId}", Body(record));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var again = await client.PostAsync($"/api/v1/imports?team={admin.TeamId}", Body(record with { Narrative = "re-run" }));
        var summary = await again.Content.ReadAsStringAsync();
        Assert.Contains("\"updated\":1", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Loaded By Admin", summary, StringComparison.Ordinal);
        var list = (await client.GetAsync("/api/v1/cases")).StatusCode;
        Assert.Equal(HttpStatusCode.Forbidden, list);
    }

    [Fact]
    public async Task CreateCase_WithAnotherTeamsSourceAndRef_IsCreated_NotAnsweredExists()
    {
        var (_, _, record) = await CentralCaseAsync();
        var east = await app.CreateUserAsync(Roles.Investigator);
        using var client = app.ApiClient(east);
        var response = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(east.TeamId, record), ApiJson.Client);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // Within one's own team the key still holds: the same (source, ref) again is a conflict.
        var again = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(east.TeamId, record), ApiJson.Client);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task ReimportDroppingAnExhibitWithAForensicSubmission_KeepsTheExhibit_AndSaysSo()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        var record = Samples.Record(source: "cus-" + Guid.NewGuid().ToString("N")[..6]) with
        {
            Exhibits = [new RecordExhibit { Type = "bottle", Description = "first" }, new RecordExhibit { Type = "syringe", Description = "second" }],
        };
        using var client = app.ApiClient(supervisor);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/imports?team={supervisor.TeamId}", Body(record))).StatusCode);
        var (caseId, exhibitId) = await app.WithScopeAsync(async sp =>
        {
            var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Vigil.Data.VigilDbContext>(sp);
            var c = await db.Cases.Include(x => x.Exhibits).SingleAsync(x => x.Source == record.Source);
            return (c.Id, c.Exhibits.OrderBy(e => e.Reference, StringComparer.Ordinal).Last().Id);
        });
        var submitted = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/exhibits/{exhibitId}/submissions", new { laboratory = "LGC", examination = "GHB" }, ApiJson.Client);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);

        var response = await client.PostAsync($"/api/v1/imports?team={supervisor.TeamId}", Body(record with { Exhibits = [record.Exhibits![0]] }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<ImportResponse>(ApiJson.Client))!;
        // The kept exhibit stays as it is and nothing else differs: the case is left untouched (ADR 1630, round 41).
        Assert.Equal((0, 1), (result.Updated, result.Unchanged));
        Assert.Contains(result.Warnings, w => w.Line == 1 && w.Message.Contains("kept", StringComparison.Ordinal));
        await app.WithDbAsync(async db => Assert.True(await db.Exhibits.AnyAsync(e => e.Id == exhibitId)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ImportScopeTests_Sqlite(SqliteApp app) : ImportScopeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ImportScopeTests_Postgres(PostgresApp app) : ImportScopeTests(app);
