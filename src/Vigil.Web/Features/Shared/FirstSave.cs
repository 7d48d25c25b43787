namespace Vigil.Web.Features.Shared;

/// <summary>The save of a command whose rows carry a concurrency token (ADR 3235, 3246): the database, at the UPDATE,
/// refuses a write made on a reading another request has since changed, which a read-then-compare in the request cannot
/// (two requests in the same milliseconds both pass it).</summary>
public static class FirstSave
{
    /// <summary>Saves; false when a token refused it (an UPDATE matched no row): nothing of this save was written, and its
    /// audit rows went with the rolled-back transaction (ADR 2434). The tracker is cleared, so nothing of the lost save
    /// reaches the page's later reads or saves.</summary>
    public static async Task<bool> SavedFirstAsync(this VigilDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
