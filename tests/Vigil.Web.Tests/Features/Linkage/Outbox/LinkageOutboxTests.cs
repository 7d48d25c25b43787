using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Outbox;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>Linkage through the outbox (ADR 1231), through the real pipeline: the row commits with its case or not at
/// all; an import returns stored-and-linked, or only stored when asked not to wait. (A linkage failure after the commit:
/// <see cref="LinkageFailureAfterCommitTests"/>.)</summary>
public abstract class LinkageOutboxTests(VigilAppFactory app)
{
    [Fact]
    public async Task TheOutboxRow_CommitsWithItsCase_AndFailsWithIt()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var saved = await app.CreateCaseAsync(ivy);
        var row = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Outbox().AsNoTracking().SingleAsync(o => o.CaseId == saved.Id));
        Assert.Equal(saved.Record.FoundAt.UtcDateTime, row.FoundAt);
        Assert.NotNull(row.DoneAt); // a form or API save is compared before its response

        // A save that fails after the outbox row was staged (a later before-save step throws) leaves neither.
        await using var failing = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddScoped<ICaseChangeHook, FailsLast>()));
        using var client = LinkageClient.Api(failing, ivy);
        var (cases, rows) = await CountsAsync();
        var refused = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(ivy.TeamId, Samples.Record()), ApiJson.Client);
        Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        Assert.Equal((cases, rows), await CountsAsync());
    }

    [Fact]
    public async Task AnImport_ReturnsLinked_OrOnlyStoredWhenNotWaiting()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        var importer = app.Services.GetRequiredService<ImportService>();
        var finder = LinkageSamples.UniqueFinder();
        var waited = await importer.ImportAsync(Lines(LinkageSamples.Victim(finder, 0, "Imported First"), LinkageSamples.Victim(finder, 21, "Imported Second")),
            new ImportOptions(ivy.TeamId, "outbox-wait"), null, default);
        Assert.Equal(0, waited.PendingLinkage);
        var ids = await IdsAsync("outbox-wait", ivy.TeamId);
        Assert.Equal(0, await PendingAsync(ids));
        using var annApi = app.ApiClient(ann);
        Assert.Single(await LinkageClient.QueueAsync(annApi, ids[1]));

        var other = LinkageSamples.UniqueFinder();
        var stored = await importer.ImportAsync(Lines(LinkageSamples.Victim(other, 0, "Queued First"), LinkageSamples.Victim(other, 21, "Queued Second")),
            new ImportOptions(ivy.TeamId, "outbox-nowait", WaitForLinkage: false), null, default);
        Assert.Null(stored.PendingLinkage);
        Assert.Equal(stored.StoredElapsed, stored.Elapsed);
        var queued = await IdsAsync("outbox-nowait", ivy.TeamId);
        Assert.Equal(2, queued.Count);
        // The node's worker (woken by the import) or this wait compares them; either way, once.
        await app.Services.GetRequiredService<LinkageWorker>().CaughtUpAsync(null, default);
        Assert.Equal(0, await PendingAsync(queued));
        Assert.Single(await LinkageClient.QueueAsync(annApi, queued[1]));
    }

    private Task<(int, int)> CountsAsync() => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<VigilDbContext>();
        return (await db.Cases.CountAsync(), await db.Outbox().CountAsync());
    });

    private Task<List<Guid>> IdsAsync(string source, Guid team) => app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Cases
        .Where(c => c.Source == source && c.TeamId == team).OrderBy(c => c.FoundAt).Select(c => c.Id).ToListAsync());

    private Task<int> PendingAsync(List<Guid> ids) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Outbox().CountAsync(o => ids.Contains(o.CaseId) && o.DoneAt == null));

    internal static MemoryStream Lines(params DeathRecord[] records) =>
        new(Encoding.UTF8.GetBytes(string.Concat(records.Select(r => DeathRecordWriter.ToJson(r) + "\n"))));

    /// <summary>A fault in the store that fails every attempt to mark an outbox row done: linkage fails after the commit.</summary>
    internal static string FaultSql(string provider, bool install) => (provider, install) switch
    {
        ("sqlite", true) => """CREATE TRIGGER outbox_test_fault BEFORE UPDATE ON linkage_outbox WHEN NEW."DoneAt" IS NOT NULL BEGIN SELECT RAISE(ABORT, 'outbox test fault'); END;""",
        ("sqlite", false) => "DROP TRIGGER outbox_test_fault;",
        (_, true) => """
            CREATE FUNCTION outbox_test_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox test fault'; END $$;
            CREATE TRIGGER outbox_test_fault BEFORE UPDATE ON linkage_outbox FOR EACH ROW WHEN (NEW."DoneAt" IS NOT NULL) EXECUTE FUNCTION outbox_test_fault();
            """,
        _ => "DROP TRIGGER outbox_test_fault ON linkage_outbox; DROP FUNCTION outbox_test_fault();",
    };

    /// <summary>A before-save step after linkage's that fails: the case's transaction rolls back, outbox row and all.</summary>
    private sealed class FailsLast : ICaseChangeHook
    {
        public int Order => CaseHookOrder.Linkage + 1;

        public Task BeforeSaveAsync(VigilDbContext db, IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct) =>
            throw new InvalidOperationException("a later step failed");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LinkageOutboxTests_Sqlite(SqliteApp app) : LinkageOutboxTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LinkageOutboxTests_Postgres(PostgresApp app) : LinkageOutboxTests(app);
