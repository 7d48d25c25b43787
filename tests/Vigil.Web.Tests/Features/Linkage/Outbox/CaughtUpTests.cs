using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Outbox;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>An import returns once what was queued before it finished is compared, not once the queue is empty:
/// under 50 users' edits the queue never empties, and API imports of five deaths waited until their clients gave up.
/// Another node holds the worker's lease here, so nothing in this process can drain a row while the test watches.</summary>
public sealed class CaughtUpTests
{
    [Fact]
    public async Task ASaveQueuedAfterTheCall_IsNotWaitedFor()
    {
        await using var app = new PostgresApp();
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var saved = await app.CreateCaseAsync(ivy);
        var worker = app.Services.GetRequiredService<LinkageWorker>();
        await worker.CaughtUpAsync(null, default);

        await using var lease = new NpgsqlConnection(app.Database);
        await lease.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({StoreLocks.LinkageWorkerKey})", lease))
            await take.ExecuteNonQueryAsync();
        // An officer's edit queued after the import's call (its clock an hour on, so it is "after" on any machine).
        await app.WithDbAsync(db =>
        {
            db.Outbox().Add(new LinkageOutboxRow { CaseId = saved.Id, FoundAt = DateTime.UtcNow, EnqueuedAt = DateTime.UtcNow.AddHours(1) });
            return db.SaveChangesAsync();
        });

        var caughtUp = worker.CaughtUpAsync(null, default);
        // The lease is held to the end: a call that waited for the later row would never return, so 90 s only has to
        // outlast a loaded machine's pending count.
        Assert.Same(caughtUp, await Task.WhenAny(caughtUp, Task.Delay(TimeSpan.FromSeconds(90))));
        Assert.Equal(1, await worker.PendingAsync(default));
    }
}
