using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Fhir;
using Vigil.Web.Features.Import;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Fhir;

public abstract class FhirApiTests(VigilAppFactory app)
{
    private static StringContent Fhir(Resource resource) => new(FhirJson.Serialize(resource), Encoding.UTF8, FhirJson.MediaType);

    [Fact]
    public async Task CaseAsFhir_IsAuditedAsAView_AndOutOfScopeIsNotFound()
    {
        var owner = await app.CreateUserAsync(Roles.Investigator);
        var outsider = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(owner);
        using var client = app.ApiClient(owner);
        var response = await client.GetAsync($"/api/v1/cases/{c.Id}/fhir");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FhirJson.MediaType, response.Content.Headers.ContentType!.MediaType);
        var (bundle, error) = FhirJson.ParseBundle(await response.Content.ReadAsStringAsync());
        Assert.Null(error);
        Assert.Equal(c.Reference, bundle!.Identifier!.Value);
        await app.WithDbAsync(async db => Assert.True(await db.AuditEntries.AnyAsync(e => e.CaseId == c.Id && e.Action == "view" && e.Changes.Contains("fhir"))));
        using var other = app.ApiClient(outsider);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/cases/{c.Id}/fhir")).StatusCode);
    }

    [Fact]
    public async Task ALaboratorysResults_AreAttachedToTheCaseTheyName()
    {
        var owner = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(owner);
        var report = new DiagnosticReport { Status = DiagnosticReport.DiagnosticReportStatus.Final, Code = new CodeableConcept { Text = "Toxicology" } };
        report.Extension.Add(FhirBundleWriter.Tracking(FhirCodes.CaseReference, c.Reference));
        var ghb = new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept { Text = "GHB" }, Value = new Quantity(420, "mg/L", FhirCodes.Ucum) };
        var ethanol = new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept { Text = "ethanol" }, Value = new Quantity(800, "ng/mL", FhirCodes.Ucum) };
        report.Result.Add(new ResourceReference("urn:uuid:6f1d0c7e-0000-4000-8000-000000000001"));
        report.Result.Add(new ResourceReference("urn:uuid:6f1d0c7e-0000-4000-8000-000000000002"));
        var message = new Bundle { Type = Bundle.BundleType.Collection };
        message.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:6f1d0c7e-0000-4000-8000-000000000000", Resource = report });
        message.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:6f1d0c7e-0000-4000-8000-000000000001", Resource = ghb });
        message.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:6f1d0c7e-0000-4000-8000-000000000002", Resource = ethanol });

        using var reader = app.ApiClient(await app.CreateUserAsync(Roles.Analyst));
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/api/v1/fhir/toxicology", Fhir(message))).StatusCode);
        using var client = app.ApiClient(owner);
        var response = await client.PostAsync("/api/v1/fhir/toxicology", Fhir(message));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = (await response.Content.ReadFromJsonAsync<CaseResponse>(ApiJson.Client))!;
        Assert.Equal(c.Version + 1, updated.Version);
        Assert.Equal([("GHB", 420.0), ("ethanol", 0.8)], updated.Record.Toxicology!.Select(t => (t.Substance, t.ConcentrationMgL ?? -1)).OrderBy(t => t.Item1, StringComparer.Ordinal));

        report.Extension.Clear();
        report.Extension.Add(FhirBundleWriter.Tracking(FhirCodes.CaseReference, "VGL-1999-999999"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/v1/fhir/toxicology", Fhir(message))).StatusCode);
        var junk = await client.PostAsync("/api/v1/fhir/toxicology", new StringContent("{\"resourceType\":\"Bundle\",\"nonsense\":true}", Encoding.UTF8, FhirJson.MediaType));
        Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
        Assert.Equal("application/problem+json", junk.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task ADocumentBundle_ImportsLikeADeathRecord_IntoTheCallersTeam()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        var record = Samples.Record(source: "fhir-" + Guid.NewGuid().ToString("N")[..6]);
        var bundle = FhirBundleWriter.Write(record, new FhirCaseInfo(Guid.NewGuid(), "ELSEWHERE-1", "unexpected-under-investigation", null, DateTime.UtcNow));
        using var client = app.ApiClient(supervisor);
        var response = await client.PostAsync($"/api/v1/fhir/documents?team={supervisor.TeamId}", Fhir(bundle));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<ImportResponse>(ApiJson.Client))!.Created);
        var again = await client.PostAsync($"/api/v1/fhir/documents?team={supervisor.TeamId}", Fhir(bundle));
        Assert.Equal(1, (await again.Content.ReadFromJsonAsync<ImportResponse>(ApiJson.Client))!.Unchanged);
        var other = await app.CreateUserAsync(Roles.Supervisor);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/v1/fhir/documents?team={other.TeamId}", Fhir(bundle))).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class FhirApiTests_Sqlite(SqliteApp app) : FhirApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FhirApiTests_Postgres(PostgresApp app) : FhirApiTests(app);
