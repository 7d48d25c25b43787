namespace Vigil.Web.Features.Family;

/// <summary>Ends the duplicate FLO deployments stores made before commit 51c8fb8, when "Deploy me as FLO" could be used
/// twice by the same officer on the same case and the family's portal listed the officer twice (walk31). The earliest
/// active deployment stays; each later active one of the same officer on the same case ends now, with the reason in
/// the audit trail beside the interceptor's record of the change (ADR 3122). Run after every migration
/// (<see cref="Hosting.DataSetup.MigrateAsync"/>), under the migration lock; on a store without duplicates it is one
/// read and writes nothing, so it can stay until no store predates the fix.</summary>
public static class DuplicateDeployments
{
    public const string Actor = "system:data-fix";
    public const string Reason = "A second active deployment of the same officer on this case (made before round 31's fix); the earliest stays.";

    public static async Task<int> EndAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        // Grouped in the database: only the pairs with more than one active deployment come back (none, almost always).
        var doubled = await db.FloDeployments.Where(d => d.EndedAt == null)
            .GroupBy(d => new { d.CaseId, d.OfficerUserId }).Where(g => g.Count() > 1).Select(g => g.Key).ToListAsync(ct);
        if (doubled.Count == 0) return 0;
        db.ActAs(Actor);
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
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
