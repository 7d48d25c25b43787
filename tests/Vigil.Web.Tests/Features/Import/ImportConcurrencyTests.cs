using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>Imports running at once (two supervisors, two nodes) that mention the same new person, phone and address
/// all succeed and share one register entry each. Before the register lock, the second save failed on the register's
/// unique key and its import answered 500 (found by the two-node load run).</summary>
public abstract class ImportConcurrencyTests(VigilAppFactory app)
{
    private const int Imports = 6;

    [Fact]
    public async Task ConcurrentImports_NamingTheSameNewPeople_AllSucceed_AndShareOneRegisterEntry()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var number = Random.Shared.Next(10_000);
        // Five professionals and a phone and an address no earlier case named, in every batch.
        RecordPerson[] shared = [.. Enumerable.Range(1, 5).Select(i => new RecordPerson
        {
            Role = "certifying-doctor", Name = $"Dr Concurrent {tag} {i}", Phone = $"07700 9{i}{number:0000}",
            Address = $"{i} Register Lane {tag}",
        })];
        using var client = app.ApiClient(supervisor);
        var responses = await Task.WhenAll(Enumerable.Range(0, Imports).Select(async i =>
        {
            var records = Enumerable.Range(0, 3).Select(_ => Samples.Record(source: "race-" + tag) with { People = shared });
            using var body = new StringContent(string.Join("\n", records.Select(DeathRecordWriter.ToJson)), Encoding.UTF8, "application/x-ndjson");
            using var response = await client.PostAsync($"/api/v1/imports?team={supervisor.TeamId}", body);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(responses, r => Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode}: {r.Body}"));
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(Imports * 3, await db.Cases.CountAsync(c => c.Source == "race-" + tag));
            var names = shared.Select(p => p.Name!).ToList();
            var people = await db.People.Where(p => names.Contains(p.Name)).ToListAsync();
            Assert.Equal(names.Order(StringComparer.Ordinal), people.Select(p => p.Name).Order(StringComparer.Ordinal));
            var caseIds = await db.Cases.Where(c => c.Source == "race-" + tag).Select(c => c.Id).ToListAsync();
            var appearances = await db.CasePeople.Where(cp => caseIds.Contains(cp.CaseId)).Select(cp => cp.PersonId).ToListAsync();
            Assert.Equal(Imports * 3 * shared.Length, appearances.Count);
            Assert.Equal(shared.Length, appearances.Distinct().Count());
        });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ImportConcurrencyTests_Sqlite(SqliteApp app) : ImportConcurrencyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ImportConcurrencyTests_Postgres(PostgresApp app) : ImportConcurrencyTests(app);
