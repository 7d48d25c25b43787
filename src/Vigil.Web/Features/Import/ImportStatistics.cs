using Microsoft.EntityFrameworkCore.Metadata;
using Vigil.Data.People;

namespace Vigil.Web.Features.Import;

/// <summary>Keeps PostgreSQL's planner statistics in step with a bulk import (ADR 1598). Each batch looks up the rows the
/// import itself wrote (existing cases by source reference, people, phones and addresses by key) with statements Npgsql
/// prepares; planned while the statistics still describe the tables as empty, they scan instead of using the indexes,
/// and each batch then scans every row the import has written so far. Autovacuum's analyse comes at most once a minute
/// (often never within a London-sized import), so the import analyses the tables it reads when its own writes have
/// grown four-fold: after the first batch, then 4, 16, 64... batches' worth — seven times for a million deaths.
/// Only the columns those look-ups filter and join on are analysed (ADR 3190): the statistics of the cases' narrative
/// and other wide text were most of the work (London's three analyses: 0.55–0.67 s of the server's time, 0.12–0.18 s
/// now) and no look-up reads them; autovacuum analyses every column once the import's writes pass its threshold.</summary>
internal sealed class ImportStatistics(int batchSize)
{
    /// <summary>The tables a batch reads before it writes (<see cref="ImportService"/>'s staging, the people resolver),
    /// each with the properties its look-ups filter or join on: a case by (team, source, ref) and its children by case
    /// id (the split query joins them on <c>CaseId</c>, a person on <c>PersonId</c>), people, phones and addresses by key.</summary>
    private static readonly (Type Entity, string[] Properties)[] StagingReads =
    [
        (typeof(DeathCase), [nameof(DeathCase.Id), nameof(DeathCase.TeamId), nameof(DeathCase.Source), nameof(DeathCase.SourceRef)]),
        (typeof(CasePerson), [nameof(CasePerson.CaseId), nameof(CasePerson.PersonId)]),
        (typeof(ToxicologyResult), [nameof(ToxicologyResult.CaseId)]),
        (typeof(Exhibit), [nameof(Exhibit.CaseId)]),
        (typeof(TimelineEvent), [nameof(TimelineEvent.CaseId)]),
        (typeof(Person), [nameof(Person.Id), nameof(Person.MatchKey)]),
        (typeof(Phone), [nameof(Phone.Number)]),
        (typeof(Address), [nameof(Address.MatchKey)]),
    ];

    private long nextAt = batchSize;

    public async Task AfterBatchAsync(VigilDbContext db, int created, CancellationToken ct)
    {
        if (created < nextAt || !db.Database.IsNpgsql()) return;
        while (nextAt <= created) nextAt *= 4;
        // ANALYZE invalidates the cached plans that read these tables, so every pooled connection plans them again.
        await db.Database.ExecuteSqlRawAsync(Statement(db.Model), ct);
    }

    /// <summary>The model's own table and column names, quoted; nothing here comes from the import's input.</summary>
    internal static string Statement(IModel model) => "ANALYZE " + string.Join(", ", StagingReads.Select(read =>
    {
        var entity = model.FindEntityType(read.Entity)!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return $"\"{table.Name}\" ({string.Join(", ", read.Properties.Select(p => '"' + entity.FindProperty(p)!.GetColumnName(table) + '"'))})";
    }));
}
