using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Outbox;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>A row that has failed before goes alone (ADR 1193), also when a death found earlier is queued in front of it:
/// the earlier death's batch stops short of it, so no innocent death is charged the failing one's attempt, and none is
/// parked for a fault that is not its own (ADR 3134).</summary>
public abstract class FailedRowGoesAloneTests(VigilAppFactory app)
{
    [Fact]
    public async Task ADeathQueuedInFrontOfAFailedOne_IsComparedWithoutIt_AndChargedNoAttempt()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var api = app.ApiClient(ivy);
        var finder = LinkageSamples.UniqueFinder();
        var innocent = await LinkageClient.CreateAsync(api, ivy, LinkageSamples.Victim(finder, 0, "Alone Innocent"));
        var failing = await LinkageClient.CreateAsync(api, ivy, LinkageSamples.Victim(finder, 30, "Alone Failing"));
        await LinkageClient.ComparedAsync(app, innocent.Id);
        await LinkageClient.ComparedAsync(app, failing.Id);
        var worker = app.Services.GetRequiredService<LinkageWorker>();
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(Poison(install: true)));
        try
        {
            // Both queued again in one save: the failing death has failed once already; the innocent one, found earlier,
            // is first in the queue with no failure of its own.
            await app.WithDbAsync(async db =>
            {
                db.Set<LinkageOutboxRow>().AddRange(
                    new LinkageOutboxRow { CaseId = failing.Id, FoundAt = PoisonedFoundAt, EnqueuedAt = DateTime.UtcNow, Attempts = 1, LastError = "an earlier failure" },
                    new LinkageOutboxRow { CaseId = innocent.Id, FoundAt = new DateTime(1850, 1, 1, 0, 0, 0, DateTimeKind.Utc), EnqueuedAt = DateTime.UtcNow });
                await db.SaveChangesAsync();
            });
            for (var i = 0; i < 3 && await InnocentRowAsync(innocent.Id) is { DoneAt: null, Attempts: 0 }; i++)
            {
                try { await worker.DrainAsync(default); }
                catch (Exception e) when (e is System.Data.Common.DbException or DbUpdateException or InvalidOperationException) { }
            }
            var row = await InnocentRowAsync(innocent.Id);
            Assert.NotNull(row.DoneAt);
            Assert.Equal((0, null), (row.Attempts, row.LastError));
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(Poison(install: false)));
            await worker.CaughtUpAsync(null, default);
        }
    }

    private static readonly DateTime PoisonedFoundAt = new(1900, 3, 7, 8, 0, 0, DateTimeKind.Utc);

    private Task<LinkageOutboxRow> InnocentRowAsync(Guid caseId) => app.WithScopeAsync(sp =>
        sp.GetRequiredService<VigilDbContext>().Outbox().AsNoTracking().Where(o => o.CaseId == caseId).OrderByDescending(o => o.EnqueuedAt).FirstAsync());

    private string Poison(bool install) => OutboxPoison.Sql(app.Provider, install, "outbox_poison_alone", "1900-03-07", "1900-03-08");
}

[Collection(SqliteCollection.Name)]
public sealed class FailedRowGoesAloneTests_Sqlite(SqliteApp app) : FailedRowGoesAloneTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FailedRowGoesAloneTests_Postgres(PostgresApp app) : FailedRowGoesAloneTests(app);
