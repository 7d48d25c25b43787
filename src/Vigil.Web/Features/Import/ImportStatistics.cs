using Vigil.Data.People;

namespace Vigil.Web.Features.Import;

/// <summary>Keeps PostgreSQL's planner statistics in step with a bulk import (ADR 1598). Each batch looks up the rows the
/// import itself wrote (existing cases by source reference, people, phones and addresses by key) with statements Npgsql
/// prepares; planned while the statistics still describe the tables as empty, they scan instead of using the indexes,
/// and each batch then scans every row the import has written so far. Autovacuum's analyse comes at most once a minute
/// (often never within a London-sized import), so the import analyses the tables it reads when its own writes have
/// grown four-fold: after the first batch, then 4, 16, 64... batches' worth — seven times for a million deaths.</summary>
internal sealed class ImportStatistics(int batchSize)
{
    /// <summary>The tables a batch reads before it writes (<see cref="ImportService"/>'s staging, the people resolver).</summary>
    private static readonly Type[] StagingReads =
        [typeof(DeathCase), typeof(CasePerson), typeof(ToxicologyResult), typeof(Exhibit), typeof(TimelineEvent), typeof(Person), typeof(Phone), typeof(Address)];

    private long nextAt = batchSize;

    public async Task AfterBatchAsync(VigilDbContext db, int created, CancellationToken ct)
    {
        if (created < nextAt || !db.Database.IsNpgsql()) return;
        while (nextAt <= created) nextAt *= 4;
        // The model's own table names, quoted; nothing here comes from the import's input.
        var statement = "ANALYZE " + string.Join(", ", StagingReads.Select(t => '"' + db.Model.FindEntityType(t)!.GetTableName() + '"'));
        // ANALYZE invalidates the cached plans that read these tables, so every pooled connection plans them again.
        await db.Database.ExecuteSqlRawAsync(statement, ct);
    }
}
