using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Audit;
using Vigil.Web.Features.Import;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Audit;

/// <summary>An audit entry large enough for the store to compress (a case with a long narrative) reads back exactly as
/// it was written and keeps the chain intact; PostgreSQL stores it with lz4 (ADR 2631).</summary>
public abstract class AuditChangesStorageTests(VigilAppFactory app)
{
    // Varied sentences, so the JSON is well over PostgreSQL's 2 KB compression threshold even once compressed.
    private static readonly string LongNarrative = string.Join(' ', Enumerable.Range(1, 120).Select(i =>
        $"Statement {i} taken at {i * 7 % 60:00} past the hour from witness {i * 37 % 1000:000}."));

    private async Task<(Guid CaseId, long Sequence)> ImportLongCaseAsync()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        var record = Samples.Record(source: "lz4-" + Guid.NewGuid().ToString("N")[..6]) with { Narrative = LongNarrative };
        using var client = app.ApiClient(supervisor);
        using var body = new StringContent(DeathRecordWriter.ToJson(record), Encoding.UTF8, "application/x-ndjson");
        var response = await client.PostAsync($"/api/v1/imports?team={supervisor.TeamId}", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<ImportResponse>(ApiJson.Client))!.Created);
        return await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var id = await db.Cases.Where(c => c.Source == record.Source).Select(c => c.Id).SingleAsync();
            var sequence = await db.AuditEntries.Where(e => e.CaseId == id && e.EntityType == "DeathCase" && e.Action == "create").Select(e => e.Sequence).SingleAsync();
            return (id, sequence);
        });
    }

    [Fact]
    public async Task ALargeEntry_ReadsBackAsWritten_AndTheChainVerifies()
    {
        var (_, sequence) = await ImportLongCaseAsync();
        var changes = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries
            .Where(e => e.Sequence == sequence).Select(e => e.Changes).SingleAsync());
        Assert.Contains(System.Text.Json.JsonSerializer.Serialize(LongNarrative)[1..^1], changes, StringComparison.Ordinal);
        var verification = await app.WithScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync(null, default));
        Assert.True(verification.Intact, verification.FirstProblem?.Message);
    }

    [Fact]
    public async Task OnPostgres_ALargeEntry_IsStoredWithLz4()
    {
        if (app.Provider != "postgres") return; // SQLite stores text uncompressed: nothing to choose
        var (_, sequence) = await ImportLongCaseAsync();
        string? connection = null;
        await app.WithDbAsync(db => { connection = db.Database.GetConnectionString(); return Task.CompletedTask; });
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var column = new NpgsqlCommand(
            "SELECT attcompression::text FROM pg_attribute WHERE attrelid = 'audit_entries'::regclass AND attname = 'Changes'", conn);
        Assert.Equal("l", await column.ExecuteScalarAsync());
        await using var stored = new NpgsqlCommand("""SELECT pg_column_compression("Changes") FROM audit_entries WHERE "Sequence" = @s""", conn);
        stored.Parameters.AddWithValue("s", sequence);
        Assert.Equal("lz4", await stored.ExecuteScalarAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuditChangesStorageTests_Sqlite(SqliteApp app) : AuditChangesStorageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AuditChangesStorageTests_Postgres(PostgresApp app) : AuditChangesStorageTests(app);
