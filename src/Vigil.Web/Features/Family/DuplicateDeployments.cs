namespace Vigil.Web.Features.Family;

/// <summary>Ends the duplicate FLO deployments stores made before commit 51c8fb8, when "Deploy me as FLO" could be used
/// twice by the same officer on the same case and the family's portal listed the officer twice (walk31), and then keeps
/// new ones out with a unique index over active deployments (ADR 3256: the read before the INSERT did not hold two
/// requests in the same milliseconds). The earliest active deployment stays; each later active one of the same officer on
/// the same case ends now, with the reason in the audit trail beside the interceptor's record of the change (ADR 3122).
/// Run once per store, as the owed data fix <see cref="Data.OwedDataFixes.OneActiveDeployment"/>, under the migration
/// lock (<see cref="Hosting.DataSetup.MigrateAsync"/>); with the index in place no store can hold a duplicate again, so
/// it no longer runs at every start.</summary>
public static class DuplicateDeployments
{
    public const string Actor = "system:data-fix";
    public const string Reason = "A second active deployment of the same officer on this case (made before round 31's fix); the earliest stays.";

    /// <summary>Ends the duplicates and creates the index in one transaction, which holds new deployments out until it
    /// commits (PostgreSQL: the table's lock, taken first; SQLite: the one write lock its BEGIN IMMEDIATE takes), so none
    /// can be made between the two. Killed at any point, nothing of it stays and the fix stays owed; run again, it ends
    /// nothing and the index is there. Answers how many deployments it ended.</summary>
    public static async Task<int> EndThenIndexAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // No savepoint around the save of the ended deployments: a failed save throws and the whole transaction rolls back
        // (the fix stays owed), so SAVEPOINT and RELEASE would guard nothing (ADR 2434, 3258, 3274). The context is this
        // scope's own, so the setting ends with it.
        db.Database.AutoSavepointsEnabled = false;
        // SHARE ROW EXCLUSIVE: deployments can be read meanwhile, not made or ended (and no other transaction takes it).
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync("LOCK TABLE flo_deployments IN SHARE ROW EXCLUSIVE MODE", ct);
        var ended = await EndAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), ct);
        await db.Database.ExecuteSqlRawAsync(OneActiveDeployment.Create, ct);
        await tx.CommitAsync(ct);
        return ended;
    }

    private static async Task<int> EndAsync(VigilDbContext db, TimeProvider clock, CancellationToken ct)
    {
        // Grouped in the database: only the pairs with more than one active deployment come back (none, almost always).
        var doubled = await db.FloDeployments.Where(d => d.EndedAt == null)
            .GroupBy(d => new { d.CaseId, d.OfficerUserId }).Where(g => g.Count() > 1).Select(g => g.Key).ToListAsync(ct);
        if (doubled.Count == 0) return 0;
        db.ActAs(Actor);
        var now = clock.GetUtcNow().UtcDateTime;
        var ended = 0;
        foreach (var pair in doubled)
        {
            var active = await db.FloDeployments.Where(d => d.CaseId == pair.CaseId && d.OfficerUserId == pair.OfficerUserId && d.EndedAt == null)
                .ToListAsync(ct);
            // The earliest by when it was made; ids are version 7 (time-ordered), which settles two made in one tick.
            foreach (var later in active.OrderBy(d => d.DeployedAt).ThenBy(d => d.Id).Skip(1))
            {
                later.EndedAt = now;
                db.RecordEvent("deployment-ended", nameof(FloDeployment), later.Id.ToString(), later.CaseId, JsonSerializer.Serialize(new { reason = Reason }));
                ended++;
            }
        }
        await db.SaveChangesAsync(ct);
        return ended;
    }
}
