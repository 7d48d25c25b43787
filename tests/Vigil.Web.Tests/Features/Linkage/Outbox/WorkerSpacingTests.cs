using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Outbox;
using Vigil.Web.Tests.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>The background worker gathers the edits that signal it faster than its spacing into one drain (ADR 1628).
/// Under 50 officers it ran a batch — a lease, a catch-up of the index, a transaction — for nearly every save.</summary>
public abstract class WorkerSpacingTests(Func<IReadOnlyDictionary<string, string>, VigilAppFactory> create)
{
    private static readonly TimeSpan Spacing = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task EditsThatSignalWithinTheSpacing_AreComparedInOneLaterBatch()
    {
        var app = create(new Dictionary<string, string>
        {
            ["Vigil:Linkage:WorkerSpacing"] = Spacing.ToString(),
            ["Vigil:Linkage:WorkerInterval"] = "01:00:00", // only signals wake the worker
        });
        await app.InitializeAsync();
        try { await EditAndWatchAsync(app); }
        finally { await app.DisposeAsync(); } // the VigilAppFactory's: it drops the test's database
    }

    private static async Task EditAndWatchAsync(VigilAppFactory app)
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var cases = new List<Guid>();
        for (var i = 0; i < 4; i++) cases.Add((await app.CreateCaseAsync(ivy)).Id);
        var worker = app.Services.GetRequiredService<LinkageWorker>();
        await NothingPendingAsync(worker);
        await Task.Delay(Spacing); // the worker's last drain is a spacing behind: the first edit is compared at once
        using var api = app.ApiClient(ivy);

        // Edits of a fact linkage reads: a narrative alone is not queued (ADR 3205).
        foreach (var id in cases) (await api.SendAsync(await LoadRoutes.PutAsync(api, id, LoadRoutes.MovePlace))).EnsureSuccessStatusCode();
        await NothingPendingAsync(worker);

        var done = await app.WithScopeAsync(sp => sp.GetRequiredService<Vigil.Data.VigilDbContext>().Outbox().AsNoTracking().Where(o => cases.Contains(o.CaseId)).ToListAsync());
        var edits = done.GroupBy(o => o.CaseId).Select(g => g.MaxBy(o => o.EnqueuedAt)!).OrderBy(o => o.EnqueuedAt).ToList();
        var first = edits[0].DoneAt!.Value;
        var rest = edits.Skip(1).Select(o => o.DoneAt!.Value).Distinct().ToList();
        Assert.True(rest.Count == 1, $"the later edits were compared in {rest.Count} batches, not gathered into one");
        Assert.True(rest[0] - first >= Spacing / 2, $"the later edits were compared {(rest[0] - first).TotalMilliseconds:F0} ms after the first, within the spacing");
    }

    private static async Task NothingPendingAsync(LinkageWorker worker)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (await worker.PendingAsync(default) > 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(0, await worker.PendingAsync(default));
    }
}

public sealed class WorkerSpacingTests_Sqlite() : WorkerSpacingTests(s => new SqliteApp { Settings = s });

public sealed class WorkerSpacingTests_Postgres() : WorkerSpacingTests(s => new PostgresApp { Settings = s });
