using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vigil.Data.Enquiries;

/// <summary>Refuses any update or delete of a decision-log entry or a custody movement: both are records of what
/// happened and are corrected by a further entry, never rewritten. This says so in the application's words before the
/// database's own triggers refuse it (ADR 0601); the audit chain would show it if both were bypassed.</summary>
public sealed class DecisionLogGuard : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    private static void Check(DbContext? db)
    {
        if (db is null) return;
        var rewritten = db.ChangeTracker.Entries()
            .FirstOrDefault(e => e.Entity is CaseDecision or ExhibitMovement && e.State is EntityState.Modified or EntityState.Deleted);
        if (rewritten is not null)
            throw new InvalidOperationException($"{rewritten.Metadata.ClrType.Name} entries are append-only; record a new entry instead.");
    }
}
