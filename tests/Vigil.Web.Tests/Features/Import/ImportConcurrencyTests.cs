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

    /// <summary>A form's create reserves its reference (the year's counter row) and then looks its people up under the
    /// register's lock. An import took them the other way round, the register first, so a create holding the counter
    /// and an import holding the register each waited for the other: PostgreSQL ended one of them as a deadlock after a
    /// second (ADR 3196). Here the create's transaction is held open between its two steps while the import runs.
    /// SQLite has one writer: a second transaction cannot hold the counter while an import writes.</summary>
    [Fact]
    public async Task AnImport_BesideACreateOfTheSameYear_TakesTheCounterAndTheRegisterInTheCreatesOrder_AndBothSucceed()
    {
        if (app.Provider != "postgres") return;
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        var year = 1950 + Random.Shared.Next(40);
        await using var create = new Npgsql.NpgsqlConnection(app.Database);
        await create.OpenAsync();
        await using var tx = await create.BeginTransactionAsync();
        await ExecuteAsync(create, "SET LOCAL statement_timeout = '20s'");
        // The create's first step: its reference.
        await ExecuteAsync(create, $"INSERT INTO reference_counters (\"Year\", \"Next\") VALUES ({year}, 1) ON CONFLICT (\"Year\") DO UPDATE SET \"Next\" = reference_counters.\"Next\" + 1");

        using var client = app.ApiClient(supervisor);
        var record = Samples.Record(source: "order-" + Guid.NewGuid().ToString("N")[..8], foundAt: new DateTimeOffset(year, 6, 1, 7, 0, 0, TimeSpan.Zero))
            with { People = [new RecordPerson { Role = "finder", Name = $"Order Finder {Guid.NewGuid():N}", Phone = "07700 900999" }] };
        using var body = new StringContent(DeathRecordWriter.ToJson(record), Encoding.UTF8, "application/x-ndjson");
        var import = client.PostAsync($"/api/v1/imports?team={supervisor.TeamId}", body);
        // The import is waiting for a lock the create holds (the counter's row).
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await ScalarAsync(create, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()") == 0)
        {
            Assert.False(import.IsCompleted, "the import did not wait for the create's counter row");
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "the import never waited for a lock");
            await Task.Delay(20);
        }
        // The create's second step: its people, under the register's lock.
        await ExecuteAsync(create, $"SELECT pg_advisory_xact_lock({Vigil.Data.StoreLocks.PeopleRegisterKey})");
        await tx.CommitAsync();

        using var response = await import;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(1, await app.WithDbAsync(db => db.Cases.CountAsync(c => c.Source == record.Source)));
    }

    private static async Task ExecuteAsync(Npgsql.NpgsqlConnection connection, string sql)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(Npgsql.NpgsqlConnection connection, string sql)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ImportConcurrencyTests_Sqlite(SqliteApp app) : ImportConcurrencyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ImportConcurrencyTests_Postgres(PostgresApp app) : ImportConcurrencyTests(app);
