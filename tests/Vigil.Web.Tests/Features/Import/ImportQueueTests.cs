using System.Data.Common;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>Imports of new records on PostgreSQL queue on one another only where they name the same register entry
/// (ADR 3214). The first import is held inside its transaction, after its look-ups and before its INSERTs (what it holds
/// then, it holds to its COMMIT); a second import of the same year either finishes meanwhile (different people) or waits
/// until the first is let go (the same new person, who must not be created twice). Before ADR 3214 every import of a
/// year waited for the one before: the year's counter row and the whole register's lock were held to the COMMIT.</summary>
public sealed class ImportQueueTests_Postgres : IAsyncLifetime
{
    // Long enough for a loaded machine's import, and shorter than Npgsql's 30-second command timeout: an import that
    // queued behind the held one does not finish in it (it would answer 503 when its statement timed out).
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly HoldFirstInsert hold = new();
    private readonly PostgresApp app;

    public ImportQueueTests_Postgres() =>
        app = new PostgresApp { ServiceChanges = services => services.AddSingleton<IInterceptor>(hold) };

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task AnImportNamingOtherPeople_FinishesWhileAnotherImportOfTheYearIsHeldBeforeItsCommit()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        using var client = app.ApiClient(supervisor);
        hold.Arm();
        var first = ImportAsync(client, supervisor, Person("Held First"));
        await hold.Reached.WaitAsync(Patience);

        var second = ImportAsync(client, supervisor, Person("Other Second"));
        var finished = await Task.WhenAny(second, Task.Delay(Patience));
        var whileHeld = finished == second ? (await second).Status : (HttpStatusCode?)null;
        hold.Release();

        Assert.True(whileHeld == HttpStatusCode.OK, $"the second import answered {whileHeld?.ToString() ?? "nothing"} while the first was held");
        var answers = await Task.WhenAll(first, second);
        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, $"{(int)a.Status}: {a.Body}"));
        var references = await app.WithDbAsync(db => db.Cases.Where(c => c.Source == Source).Select(c => c.Reference).ToListAsync());
        Assert.Equal(2, references.Distinct().Count());
    }

    [Fact]
    public async Task AnImportNamingTheSameNewPerson_WaitsForTheHeldImport_AndSharesItsRegisterEntry()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        using var client = app.ApiClient(supervisor);
        var newcomer = Person("Shared Newcomer");
        hold.Arm();
        var first = ImportAsync(client, supervisor, newcomer);
        await hold.Reached.WaitAsync(Patience);

        var second = ImportAsync(client, supervisor, newcomer);
        var early = await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(3)));
        hold.Release();

        Assert.NotSame(second, early);
        var answers = await Task.WhenAll(first, second);
        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, $"{(int)a.Status}: {a.Body}"));
        Assert.Equal(1, await app.WithDbAsync(db => db.People.CountAsync(p => p.Name == newcomer.Name)));
    }

    private readonly string Source = "queue-" + Guid.NewGuid().ToString("N")[..8];

    private static RecordPerson Person(string name) => new()
    {
        Role = "finder", Name = $"{name} {Guid.NewGuid():N}"[..30], Phone = $"07700 9{Random.Shared.Next(100_000):00000}",
    };

    private async Task<(HttpStatusCode Status, string Body)> ImportAsync(HttpClient client, TestUser supervisor, RecordPerson person)
    {
        var record = Samples.Record(source: Source) with { People = [person] };
        using var body = new StringContent(DeathRecordWriter.ToJson(record), Encoding.UTF8, "application/x-ndjson");
        using var response = await client.PostAsync($"/api/v1/imports?team={supervisor.TeamId}", body);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Once armed, holds the next command of INSERTs into the cases (an import's, sent after its locks and
    /// look-ups, in its transaction) until released; every later one passes.</summary>
    private sealed class HoldFirstInsert : DbCommandInterceptor
    {
        private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int armed;

        public Task Reached => reached.Task;

        public void Arm() => armed = 1;

        public void Release() => released.TrySetResult();

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.StartsWith("INSERT INTO cases ", StringComparison.Ordinal) && Interlocked.Exchange(ref armed, 0) == 1)
            {
                reached.TrySetResult();
                await released.Task;
            }
            return result;
        }
    }
}
