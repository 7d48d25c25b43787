using System.Net.Http.Json;
using System.Text;
using Npgsql;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Import;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>Requests answer without waiting for a comparison another process is running (ADR 1592). Another node holds
/// the worker's lease here, so nothing in this process can compare a row while the test watches: an import or an edit
/// that waited for linkage would hang until the client gave up, as 100 of 106 imports did under 50 users.</summary>
public sealed class LinkageOffTheRequestTests
{
    // The lease is held until the test lets it go: a request that waited for linkage would never answer, so the bound
    // need only outlast a loaded machine's import of three deaths (20 s was within its reach).
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AnApiImport_AnswersOnceStored_AndSaysHowManyDeathsWaitForLinkage()
    {
        await using var app = new PostgresApp();
        var sue = await app.CreateUserAsync(Roles.Supervisor);
        await using var lease = await HoldTheWorkerLeaseAsync(app);
        using var client = app.ApiClient(sue);
        client.Timeout = Patience;
        var lines = string.Join('\n', Enumerable.Range(0, 3).Select(i => DeathRecordWriter.ToJson(Samples.Record(source: "offpath", reference: $"off-{i}"))));

        var response = await client.PostAsync($"/api/v1/imports?team={sue.TeamId}&source=offpath", new StringContent(lines, Encoding.UTF8, "application/x-ndjson"));

        response.EnsureSuccessStatusCode();
        var result = (await response.Content.ReadFromJsonAsync<ImportResponse>(ApiJson.Client))!;
        Assert.Equal(3, result.Created);
        Assert.Equal(3, result.PendingLinkage);
    }

    [Fact]
    public async Task AnApiImport_AskedToWaitForLinkage_WaitsForIt()
    {
        await using var app = new PostgresApp();
        var sue = await app.CreateUserAsync(Roles.Supervisor);
        var lease = await HoldTheWorkerLeaseAsync(app);
        using var client = app.ApiClient(sue);
        var line = DeathRecordWriter.ToJson(Samples.Record(source: "offpath", reference: "wait-1"));

        var posting = client.PostAsync($"/api/v1/imports?team={sue.TeamId}&source=offpath&waitForLinkage=true", new StringContent(line, Encoding.UTF8, "application/x-ndjson"));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(posting.IsCompleted, "the import answered while its death could not be compared");
        await lease.DisposeAsync(); // the other node goes away: this one's import compares its own deaths

        var response = await posting.WaitAsync(TimeSpan.FromMinutes(2));
        response.EnsureSuccessStatusCode();
        Assert.Equal(0, (await response.Content.ReadFromJsonAsync<ImportResponse>(ApiJson.Client))!.PendingLinkage);
    }

    /// <summary>Takes the linkage worker's lease as another node would, until disposed.</summary>
    private static async Task<NpgsqlConnection> HoldTheWorkerLeaseAsync(PostgresApp app)
    {
        // Unpooled: closing a pooled connection keeps its session (and the lock) until the pool reuses it.
        var lease = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(app.Database) { Pooling = false }.ConnectionString);
        await lease.OpenAsync();
        await using var take = new NpgsqlCommand($"SELECT pg_advisory_lock({Vigil.Data.StoreLocks.LinkageWorkerKey})", lease);
        await take.ExecuteNonQueryAsync();
        return lease;
    }
}
