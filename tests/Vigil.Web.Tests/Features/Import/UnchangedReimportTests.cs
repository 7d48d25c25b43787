using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Data.People;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Import;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>ADR 1630: a record sent again as it is leaves its case untouched — no new version, no audit entry, no new
/// person on the register — so an officer who opened the case before the nightly re-send can still save; a record
/// that changes anything is applied as before, also when an earlier line of its batch changed the case.</summary>
public abstract class UnchangedReimportTests(VigilAppFactory app)
{
    [Fact]
    public async Task ARecordSentAgainUnchanged_LeavesItsCaseAsItWas_AndAnOfficersEditStillSaves()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        using var client = app.ApiClient(supervisor);
        var source = "same-" + Guid.NewGuid().ToString("N")[..6];
        // An unnamed person is a person of their own each time a record names them: unchanged, it is the same mention.
        var record = Samples.Record(source: source) with
        {
            People = [.. Samples.Record().People!, new RecordPerson { Role = "present-at-death", Phone = "07700 900555", Dob = UniqueDob() }],
        };
        // Compared by the linkage worker first: a pair it raises with another test's alike death is audited on this case.
        Assert.Equal(1, (await ImportApiCalls.ImportAsync(client, supervisor.TeamId, source, [record], waitForLinkage: true)).Created);
        var opened = await CaseAsync(client, source, record.Ref);
        var before = await FootprintAsync(opened.Id, record.People![^1].Dob);

        var again = await ImportAsync(client, supervisor.TeamId, source, record);

        Assert.Equal((0, 0, 1, 0), (again.Created, again.Updated, again.Unchanged, again.Rejected.Count));
        Assert.Equal(before, await FootprintAsync(opened.Id, record.People![^1].Dob));
        Assert.Equal(opened.Version, (await CaseAsync(client, source, record.Ref)).Version);
        using var put = await PutAsync(client, opened, "Corrected by the officer who had the case open.");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var changed = await ImportAsync(client, supervisor.TeamId, source, record with { Manner = "homicide" });
        Assert.Equal((0, 1, 0), (changed.Created, changed.Updated, changed.Unchanged));
        Assert.Equal("homicide", (await CaseAsync(client, source, record.Ref)).Record.Manner);
    }

    [Fact]
    public async Task ALineRestoringWhatAnEarlierLineOfItsBatchChanged_IsApplied()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        using var client = app.ApiClient(supervisor);
        var source = "twice-" + Guid.NewGuid().ToString("N")[..6];
        var record = Samples.Record(source: source);
        await ImportAsync(client, supervisor.TeamId, source, record);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var dropped = new[]
        {
            new RecordPerson { Role = "witness", Name = $"Listed In Error {tag}", Phone = $"07700 9{Random.Shared.Next(10000, 99999)}" },
            new RecordPerson { Role = "present-at-death", Address = $"{tag} Nowhere Lane", Dob = UniqueDob() },
        };
        var register = await RegisterAsync(dropped);

        // The second line is what the case held before the batch, but not what it holds after the first line, whose
        // exhibit, result and person are not yet written when the second line drops them (a 409 for the whole batch
        // before ADR 1630).
        var first = record with
        {
            Narrative = "A first account, corrected below.",
            Exhibits = [.. record.Exhibits!, new RecordExhibit { Type = "syringe", Description = "listed in error", Tested = false }],
            Toxicology = [.. record.Toxicology!, new RecordToxicology { Substance = "alcohol", ConcentrationMgL = 80 }],
            People = [.. record.People!, .. dropped],
        };
        var batch = await ImportAsync(client, supervisor.TeamId, source, first, record);

        Assert.Equal((0, 2, 0), (batch.Created, batch.Updated, batch.Unchanged));
        var held = (await CaseAsync(client, source, record.Ref)).Record;
        Assert.Equal(record.Narrative, held.Narrative);
        Assert.Equal((1, 1, 1), (held.Exhibits!.Count, held.Toxicology!.Count, held.People!.Count));
        // The people, phone and address only the first line named are not left on the register with no mention.
        Assert.Equal(register, await RegisterAsync(dropped));
    }

    [Fact]
    public async Task ARecordDroppingAnExhibitKeptForItsChainOfCustody_LeavesItsCaseAsItWas_EachTimeItIsSent()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        using var client = app.ApiClient(supervisor);
        var source = "kept-" + Guid.NewGuid().ToString("N")[..6];
        var record = Samples.Record(source: source);
        var opened = await ImportedAsync(client, supervisor, record);
        await app.WithDbAsync(async db =>
        {
            var exhibit = await db.Exhibits.SingleAsync(e => e.CaseId == opened.Id);
            var at = DateTime.UtcNow;
            db.ExhibitMovements.Add(new Vigil.Data.Enquiries.ExhibitMovement
            {
                CaseId = opened.Id, ExhibitId = exhibit.Id, MovedAt = at, RecordedAt = at, MovedBy = supervisor.UserName,
                From = "scene", To = "store", Reason = "booked in", RecordedBy = supervisor.UserName,
            });
            await db.SaveChangesAsync();
        });
        var before = await VersionAndAuditAsync(opened.Id);
        var dropped = record with { Exhibits = [] };

        // The exhibit stays (CaseWriter keeps it for its custody) and nothing else differs: applying the record would
        // change nothing, the first time and every time after (each a rewrite on main). The importer is still told.
        foreach (var _ in new[] { "first", "second" })
        {
            var again = await ImportAsync(client, supervisor.TeamId, source, dropped);
            Assert.Equal((0, 0, 1), (again.Created, again.Updated, again.Unchanged));
            Assert.Contains(again.Warnings, w => w.Message.Contains("was kept", StringComparison.Ordinal));
            Assert.Equal(before, await VersionAndAuditAsync(opened.Id));
        }
        Assert.Single((await CaseAsync(client, source, record.Ref)).Record.Exhibits!);
    }

    [Fact]
    public async Task ARecordWithSubMicrosecondTimes_SentAgain_IsUnchanged()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        using var client = app.ApiClient(supervisor);
        var source = "ticks-" + Guid.NewGuid().ToString("N")[..6];
        // RFC 3339 allows any number of fractional digits; PostgreSQL keeps six of them.
        var record = Samples.Record(source: source) with
        {
            FoundAt = DateTimeOffset.Parse("2015-06-01T03:04:05.1234567Z", System.Globalization.CultureInfo.InvariantCulture),
            ReportedAt = DateTimeOffset.Parse("2015-06-01T04:05:06.7654321+01:00", System.Globalization.CultureInfo.InvariantCulture),
        };
        var opened = await ImportedAsync(client, supervisor, record);
        var before = await VersionAndAuditAsync(opened.Id);

        var again = await ImportAsync(client, supervisor.TeamId, source, record);

        Assert.Equal((0, 0, 1), (again.Created, again.Updated, again.Unchanged));
        Assert.Equal(before, await VersionAndAuditAsync(opened.Id));
        // Both stores hold the time to the microsecond.
        Assert.Equal(DateTimeOffset.Parse("2015-06-01T03:04:05.123456Z", System.Globalization.CultureInfo.InvariantCulture),
            (await CaseAsync(client, source, record.Ref)).Record.FoundAt);
    }

    /// <summary>Entries on the register for these people (by name or date of birth), their phones and addresses; the
    /// store is shared with other tests, so only this test's own.</summary>
    private Task<(int People, int Phones, int Addresses)> RegisterAsync(RecordPerson[] people) => app.WithDbAsync(async db =>
    {
        var names = people.Select(p => p.Name).OfType<string>().ToList();
        var births = people.Select(p => p.Dob).OfType<DateOnly>().ToList();
        var phones = people.Select(p => PersonKeys.Phone(p.Phone)).OfType<string>().ToList();
        var addresses = people.Select(p => p.Address).OfType<string>().ToList();
        return (await db.People.CountAsync(p => names.Contains(p.Name) || (p.DateOfBirth != null && births.Contains(p.DateOfBirth.Value))),
            await db.Phones.CountAsync(p => phones.Contains(p.Number)), await db.Addresses.CountAsync(a => addresses.Contains(a.Text)));
    });

    /// <summary>A date of birth no other test's person has (the store is shared).</summary>
    private static DateOnly UniqueDob() => new DateOnly(1900, 1, 1).AddDays(Random.Shared.Next(0, 36500));

    /// <summary>The case's version, its audit entries of changes (each read adds a view entry, written after the answer)
    /// and the register's entries for its unnamed person (each re-import
    /// made a new one): what a re-import would move.</summary>
    private Task<(int Version, int AuditEntries, int People)> FootprintAsync(Guid caseId, DateOnly? unnamedDob) => app.WithDbAsync(async db =>
        (await db.Cases.Where(c => c.Id == caseId).Select(c => c.Version).SingleAsync(),
         await db.AuditEntries.CountAsync(e => e.CaseId == caseId && e.Action != "view"),
         await db.People.CountAsync(p => p.DateOfBirth == unnamedDob)));

    /// <summary>The record imported once and compared by the linkage worker before a footprint is taken: what the worker
    /// writes (a pair raised with another test's alike death is audited on the case) is not the re-send's.</summary>
    private async Task<CaseResponse> ImportedAsync(HttpClient client, TestUser user, DeathRecord record)
    {
        await ImportApiCalls.ImportAsync(client, user.TeamId, record.Source!, [record], waitForLinkage: true);
        return await CaseAsync(client, record.Source!, record.Ref);
    }

    private async Task<(int Version, int AuditEntries)> VersionAndAuditAsync(Guid caseId)
    {
        var (version, audit, _) = await FootprintAsync(caseId, UniqueDob());
        return (version, audit);
    }

    private static Task<ImportResponse> ImportAsync(HttpClient client, Guid team, string source, params DeathRecord[] records) =>
        ImportApiCalls.ImportAsync(client, team, source, records);

    private async Task<CaseResponse> CaseAsync(HttpClient client, string source, string reference)
    {
        var id = await app.WithDbAsync(db => db.Cases.Where(c => c.Source == source && c.SourceRef == reference).Select(c => c.Id).SingleAsync());
        return (await client.GetFromJsonAsync<CaseResponse>($"/api/v1/cases/{id}", ApiJson.Client))!;
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, CaseResponse c, string narrative)
    {
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{c.Id}")
        {
            Content = JsonContent.Create(new UpdateCaseRequest(c.Record with { Narrative = narrative }), options: ApiJson.Client),
        };
        put.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{c.Version}\""));
        return client.SendAsync(put);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class UnchangedReimportTests_Sqlite(SqliteApp app) : UnchangedReimportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class UnchangedReimportTests_Postgres(PostgresApp app) : UnchangedReimportTests(app);
