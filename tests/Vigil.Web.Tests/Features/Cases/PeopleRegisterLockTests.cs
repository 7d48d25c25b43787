using System.Net.Http.Json;
using Npgsql;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Cases;

/// <summary>The people register's lock (ADR 0904) serialises "find, else create" across nodes. An edit that names only
/// people already on the register creates nothing and must not wait for it (the 50-user run queued edits behind
/// imports that held it); an edit naming someone new still waits, so two nodes never create the same person twice.
/// PostgreSQL only: on SQLite the store's single write lock does this work.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PeopleRegisterLockTests(PostgresApp app)
{
    // Long enough for a loaded machine's save, which compares its case inline (up to 30 s for the linkage gate in these
    // tests); an edit that waited for the register would wait until the test lets it go, which the first test never does.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AnEditNamingOnlyKnownPeople_DoesNotWaitForTheRegister()
    {
        var (ivy, created) = await NewCaseAsync();
        await using var holder = await HoldTheRegisterAsync();

        var edit = SaveAsync(ivy, created, r => r with { Narrative = "Re-read the scene notes." });
        var finished = await Task.WhenAny(edit, Task.Delay(Patience));

        Assert.Same(edit, finished);
        Assert.True((await edit).IsSuccessStatusCode);
    }

    [Fact]
    public async Task AnEditNamingSomeoneNew_WaitsForTheRegister_ThenSaves()
    {
        var (ivy, created) = await NewCaseAsync();
        await using var holder = await HoldTheRegisterAsync();
        var newcomer = new RecordPerson { Role = "witness", Name = $"Wren Ashdown {Guid.NewGuid():N}"[..24] };

        var edit = SaveAsync(ivy, created, r => r with { People = [.. r.People ?? [], newcomer] });
        var early = await Task.WhenAny(edit, Task.Delay(TimeSpan.FromSeconds(2)));
        Assert.NotSame(edit, early);

        await holder.DisposeAsync();
        Assert.Same(edit, await Task.WhenAny(edit, Task.Delay(Patience)));
        Assert.True((await edit).IsSuccessStatusCode);
    }

    private async Task<(TestUser User, CaseResponse Case)> NewCaseAsync()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        return (ivy, await app.CreateCaseAsync(ivy, Samples.Record()));
    }

    /// <summary>Another session (another node's import) holding the register's lock until disposed.</summary>
    private async Task<RegisterHolder> HoldTheRegisterAsync()
    {
        var connection = new NpgsqlConnection(app.Database);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({StoreLocks.PeopleRegisterKey})", connection, transaction);
        await take.ExecuteNonQueryAsync();
        return new RegisterHolder(connection, transaction);
    }

    /// <summary>Ends the holding transaction (and with it the lock); safe to dispose twice.</summary>
    private sealed class RegisterHolder(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private async Task<HttpResponseMessage> SaveAsync(TestUser user, CaseResponse current, Func<DeathRecord, DeathRecord> change)
    {
        using var client = app.ApiClient(user);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{current.Id}")
        {
            Content = JsonContent.Create(new UpdateCaseRequest(change(current.Record)), options: ApiJson.Client),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{current.Version}\"");
        return await client.SendAsync(request);
    }
}
