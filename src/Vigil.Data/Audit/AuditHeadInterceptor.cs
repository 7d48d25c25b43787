using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vigil.Data.Audit;

/// <summary>Advances the head file once a transaction that appended audit entries has committed, never before:
/// a head ahead of the database would be a false alarm of deletion (ADR 0801).</summary>
public sealed class AuditHeadInterceptor(AuditHeadFile file) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is VigilDbContext { PendingAuditHead: { } head } db)
        {
            db.PendingAuditHead = null;
            AdvanceOrHold(file, db, head);
        }
    }

    /// <summary>Writes the head, or holds it while the context's commits are not yet synced (ADR 1611).</summary>
    internal static void AdvanceOrHold(AuditHeadFile file, VigilDbContext db, AuditHead head)
    {
        if (db.HeldAuditHead is { } held) held.Hold(head);
        else file.Advance(head);
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is VigilDbContext db) db.PendingAuditHead = null;
    }

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }
}
