using Vigil.Data.Bulk;

namespace Vigil.Web.Features.Import;

/// <param name="WaitForLinkage">Return only once the linkage worker has compared what was imported (ADR 1231); the
/// batches themselves never wait for it.</param>
public sealed record ImportOptions(Guid TeamId, string DefaultSource, int BatchSize = ImportOptions.DefaultBatchSize, bool WaitForLinkage = true)
{
    /// <summary>Lines a batch; each batch is one transaction.</summary>
    public const int DefaultBatchSize = 1000;

    /// <summary>Write the batches' new rows in bulk (ADR 1132, 1331). False saves through EF Core alone: what the
    /// bulk path is compared against in tests, and a way round it should a store ever need one.</summary>
    public bool BulkWrites { get; init; } = true;

    /// <summary>Stage a batch of new cases as plain rows the bulk writer and the audit append read directly (ADR 2251).
    /// False tracks them in EF Core as before: what the untracked path is compared against in tests.</summary>
    public bool UntrackedNewCases { get; init; } = true;
}

public sealed record ImportProblem(int Line, string Message);

public sealed class ImportSummary
{
    public int Lines { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }

    /// <summary>Lines naming a case they would not change: the case is left as it was (ADR 1630).</summary>
    public int Unchanged { get; set; }

    /// <summary>Lines taken: created, updated or found unchanged.</summary>
    public int Accepted => Created + Updated + Unchanged;
    public List<ImportProblem> Rejected { get; } = [];
    public List<ImportProblem> Warnings { get; } = [];
    public TimeSpan Elapsed { get; set; }

    /// <summary>Time until every line was stored (<see cref="Elapsed"/> includes waiting for linkage).</summary>
    public TimeSpan StoredElapsed { get; set; }

    /// <summary>Saved cases the linkage worker has still to compare, while the import waits for it (null before).</summary>
    public int? PendingLinkage { get; set; }
}

/// <summary>Streams death records (JSON lines or mapped spreadsheet rows) into cases of ONE team in batches. A bad line is rejected with its number and
/// reason and nothing of it is stored; the good lines still import. Idempotent on (team, source, ref): a record is
/// matched only against the importing team's cases, so no import reads or changes another team's (ADR 0501).
/// The caller has decided the team may be imported into (<see cref="Auth.CaseAccess.CanImportIntoTeamAsync"/>).</summary>
public sealed class ImportService(IServiceScopeFactory scopes, TimeProvider clock, Linkage.Outbox.LinkageWorker linkage)
{
    public const int MaxWarningsKept = 1000;

    public Task<ImportSummary> ImportAsync(Stream input, ImportOptions options, Action<ImportSummary>? progress, CancellationToken ct) =>
        ImportAsync(DeathRecordParser.Parse(input), options, progress, ct);

    /// <summary>Imports records already read from any format (JSON lines, a mapped spreadsheet, a FHIR bundle), each
    /// with the line it came from, so every format has the same rejections, idempotence, hooks and audit.</summary>
    public async Task<ImportSummary> ImportAsync(IEnumerable<ParsedLine> lines, ImportOptions options, Action<ImportSummary>? progress, CancellationToken ct)
    {
        var summary = new ImportSummary();
        var started = clock.GetTimestamp();
        var batch = new List<ParsedLine>(options.BatchSize);
        var statistics = new ImportStatistics(options.BatchSize);
        // The next lines are read and parsed on the second core while a batch is written (ADR 2551); the batches
        // still stage, write and commit one after another, in the order of their lines.
        await using var ahead = new ReadAhead(lines, options.BatchSize);
        // SQLite's checkpoints beside the batches (ADRs 2552, 1610, 1611) start with the first full batch: an import whose
        // lines all fit one batch (an API import of a few deaths) is left to the store's own commit, synced, its audit
        // head written as any save's, without the checkpoint, the log's sync and the connection they cost (ADR 3203).
        BackgroundCheckpoints? checkpoints = null;
        try
        {
            await foreach (var line in ahead.LinesAsync(ct))
            {
                summary.Lines++;
                if (!line.IsValid) { summary.Rejected.Add(new ImportProblem(line.LineNumber, line.Error!)); continue; }
                foreach (var w in line.Warnings)
                    if (summary.Warnings.Count < MaxWarningsKept) summary.Warnings.Add(new ImportProblem(line.LineNumber, w));
                batch.Add(line);
                if (batch.Count < options.BatchSize) continue;
                if (checkpoints is null)
                    using (Vigil.Data.Diagnostics.StageClock.Measure("import: checkpoints start")) checkpoints = await StartCheckpointsAsync(ct);
                await ImportBatchAsync(batch, options, summary, statistics, checkpoints, ct);
                batch.Clear();
                progress?.Invoke(summary);
            }
            if (batch.Count > 0) await ImportBatchAsync(batch, options, summary, statistics, checkpoints ?? BackgroundCheckpoints.None, ct);
            if (checkpoints is not null)
                using (Vigil.Data.Diagnostics.StageClock.Measure("import: checkpoints finish (SQLite: checkpoint and sync)")) await checkpoints.FinishAsync(ct);
        }
        finally
        {
            if (checkpoints is not null) await checkpoints.DisposeAsync();
        }
        summary.Elapsed = summary.StoredElapsed = clock.GetElapsedTime(started);
        progress?.Invoke(summary);
        if (!options.WaitForLinkage) return summary;
        await linkage.CaughtUpAsync(pending =>
        {
            summary.PendingLinkage = pending;
            progress?.Invoke(summary);
        }, ct);
        summary.Elapsed = clock.GetElapsedTime(started);
        return summary;
    }

    private async Task ImportBatchAsync(List<ParsedLine> lines, ImportOptions options, ImportSummary summary, ImportStatistics statistics,
        BackgroundCheckpoints checkpoints, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var pipeline = scope.ServiceProvider.GetRequiredService<CaseSavePipeline>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.BulkInserts = options.BulkWrites; // the batch's new rows in bulk, audit entries included (ADR 1132, 1331)
        await using (await checkpoints.BeginBatchAsync(db, ct))
        {
            Dictionary<int, long>? reserved;
            using (Vigil.Data.Diagnostics.StageClock.Measure("  stage: references (new records', before the transaction)"))
                reserved = await ReserveForNewRecordsAsync(db, lines, options, ct);
            await pipeline.SaveAsync(new CaseSave(CaseChangeKind.Imported, (writer, ct) => StageAsync(db, pipeline, writer, lines, options, reserved, summary, ct)), ct);
            // SQLite: the copy into the database file runs beside the next batch (ADR 2552, 1610), and syncs the log (ADR 1611).
            using (Vigil.Data.Diagnostics.StageClock.Measure("import: after the batch (checkpoint start, statistics)"))
            {
                await checkpoints.AfterCommitAsync(ct);
                await statistics.AfterBatchAsync(db, summary.Created, ct);
            }
        }
    }

    private async Task<BackgroundCheckpoints> StartCheckpointsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await BackgroundCheckpoints.StartAsync(scope.ServiceProvider.GetRequiredService<VigilDbContext>(),
            scope.ServiceProvider.GetRequiredService<Vigil.Data.Audit.AuditHeadFile>(), ct);
    }

    /// <summary>The batch's changes on the context: existing cases loaded and updated, new ones created with reserved
    /// references. A line for a case that may not change (closed) is rejected with the reason; the others import.</summary>
    /// <param name="reserved">The first reference of each year, reserved before the transaction for a batch of records the
    /// team does not hold (<see cref="ReserveForNewRecordsAsync"/>): none of its cases is read, and it locks only the
    /// register entries its people name (ADR 3214). Null: the batch reads its cases and reserves in its transaction.</param>
    private static async Task<IReadOnlyList<DeathCase>> StageAsync(VigilDbContext db, CaseSavePipeline pipeline, CaseWriter writer,
        List<ParsedLine> lines, ImportOptions options, Dictionary<int, long>? reserved, ImportSummary summary, CancellationToken ct)
    {
        if (reserved is not null) return await StageNewRecordsAsync(writer, lines, options, reserved, summary, ct);
        Dictionary<(string, string), DeathCase> existing;
        using (Vigil.Data.Diagnostics.StageClock.Measure("load existing cases")) existing = await LoadExistingAsync(db, lines, options, ct);
        var heldExhibits = await ExhibitsHeldAsync(db, lines, options, existing, ct);
        // Lines that would leave their case as it is (ADR 1630) need no refusal and no look-up on the register.
        var unchanged = lines.Where(l => existing.TryGetValue(KeyOf(l, options), out var c) && !ReimportComparison.Changes(c, RecordOf(l, options), heldExhibits))
            .Select(l => l.LineNumber).ToHashSet();
        var changing = lines.Where(l => !unchanged.Contains(l.LineNumber)).ToList();
        var refused = await pipeline.RefusalsAsync(
            changing.Select(l => existing.GetValueOrDefault(KeyOf(l, options))).OfType<DeathCase>().Select(c => c.Id).Distinct().ToList(), ct);
        var untracked = StagesUntracked(lines, options, existing);
        var people = changing.SelectMany(l => l.Record!.People ?? []).ToList();
        // A first-day batch creates people: it takes the register's lock before its one look (ADR 2403), in the round
        // trip of its last reference block, after the counter's row as a form's create takes them (ADR 3196).
        var lockWithReferences = untracked && PeopleResolver.LooksUpAny(people);
        Dictionary<int, string> references;
        using (Vigil.Data.Diagnostics.StageClock.Measure("  stage: references"))
            references = await ReserveReferencesAsync(db, lines, options, existing, lockWithReferences, ct);
        if (lockWithReferences && references.Count > 0) writer.People.RegisterLockHeld();
        using (Vigil.Data.Diagnostics.StageClock.Measure("  stage: people look-ups")) await writer.People.PreloadAsync(people, ct, lockFirst: untracked);
        using var staging = Vigil.Data.Diagnostics.StageClock.Measure("  stage: the lines");
        var touched = new List<DeathCase>(lines.Count);
        var changedHere = new HashSet<Guid>();
        var changedTwice = false;
        foreach (var line in lines)
        {
            var record = RecordOf(line, options);
            var key = KeyOf(line, options);
            if (existing.TryGetValue(key, out var current))
            {
                // A case an earlier line of this batch changed is compared again, as it now stands. An unchanged line
                // comes before the refusals: a closed case re-sent as it is asks for no change, so nothing is refused.
                var changes = changedHere.Contains(current.Id) ? ReimportComparison.Changes(current, record, heldExhibits) : !unchanged.Contains(line.LineNumber);
                if (!changes)
                {
                    // The source still lacks an exhibit Vigil keeps: the importer is told each time, as when it was applied.
                    foreach (var kept in CaseWriter.ExhibitsDropped(current, record)) Warn(summary, line, CaseWriter.ExhibitKeptNote(kept));
                    summary.Unchanged++;
                    continue;
                }
                if (refused.TryGetValue(current.Id, out var why))
                {
                    summary.Rejected.Add(new ImportProblem(line.LineNumber, $"{current.Reference}: {why}"));
                    continue;
                }
                changedTwice |= changedHere.Contains(current.Id);
                foreach (var note in await writer.UpdateAsync(current, record, ct)) Warn(summary, line, note);
                summary.Updated++;
            }
            else
            {
                current = await writer.NewCaseAsync(record, options.TeamId, references[line.LineNumber], ct, untracked);
                existing[key] = current;
                summary.Created++;
            }
            touched.Add(current);
            changedHere.Add(current.Id);
        }
        // A later line for a case may drop a person an earlier one added to the register: no entry without a mention.
        if (changedTwice) writer.People.ForgetUnlinked(touched);
        return touched;
    }

    /// <summary>A batch of records the team did not hold a moment ago, whose references were reserved before its transaction
    /// (ADR 3214): its people's own register entries are locked (not the whole register) before their one look, then each
    /// line creates its case, untracked (ADR 2251), as the first-day path of <see cref="StageAsync"/> does. A record another
    /// import created since fails this batch on the cases' unique key, as it did when both read their cases in their
    /// transactions (READ COMMITTED reads no more than a statement before the transaction does).</summary>
    private static async Task<IReadOnlyList<DeathCase>> StageNewRecordsAsync(CaseWriter writer, List<ParsedLine> lines, ImportOptions options,
        Dictionary<int, long> reserved, ImportSummary summary, CancellationToken ct)
    {
        var people = lines.SelectMany(l => l.Record!.People ?? []).ToList();
        using (Vigil.Data.Diagnostics.StageClock.Measure("  stage: people look-ups")) await writer.People.PreloadAsync(people, ct, lockFirst: true, entriesOnly: true);
        using var staging = Vigil.Data.Diagnostics.StageClock.Measure("  stage: the lines");
        var next = new Dictionary<int, long>(reserved);
        var touched = new List<DeathCase>(lines.Count);
        foreach (var line in lines)
        {
            var year = line.Record!.FoundAt.UtcDateTime.Year;
            touched.Add(await writer.NewCaseAsync(RecordOf(line, options), options.TeamId, CaseReferences.Format(year, next[year]++), ct, untracked: true));
            summary.Created++;
        }
        return touched;
    }

    /// <summary>On PostgreSQL, for a batch that would stage untracked (new records only, each once), whether the team holds
    /// none of its records and, if so, their references reserved in one statement before the batch's transaction
    /// (<see cref="CaseReferences.ReserveForNewRecordsAsync"/>); null otherwise, and always on SQLite (one writer).</summary>
    private static async Task<Dictionary<int, long>?> ReserveForNewRecordsAsync(VigilDbContext db, List<ParsedLine> lines, ImportOptions options, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql() || !StagesUntracked(lines, options, new())) return null;
        return await CaseReferences.ReserveForNewRecordsAsync(db, options.TeamId,
            [.. lines.Select(l => KeyOf(l, options).Source)], [.. lines.Select(l => l.Record!.Ref)],
            [.. lines.Select(l => l.Record!.FoundAt.UtcDateTime.Year)], ct);
    }

    private static void Warn(ImportSummary summary, ParsedLine line, string note)
    {
        if (summary.Warnings.Count < MaxWarningsKept) summary.Warnings.Add(new ImportProblem(line.LineNumber, note));
    }

    /// <summary>Of the exhibits the batch's records no longer list, those kept for their chain of custody; no statement
    /// when no record drops one (a nightly re-send of records as they were).</summary>
    private static Task<HashSet<Guid>> ExhibitsHeldAsync(VigilDbContext db, List<ParsedLine> lines, ImportOptions options,
        Dictionary<(string, string), DeathCase> existing, CancellationToken ct) =>
        CaseWriter.ExhibitsHeldAsync(db, lines.Where(l => existing.ContainsKey(KeyOf(l, options)))
            .SelectMany(l => CaseWriter.ExhibitsDropped(existing[KeyOf(l, options)], RecordOf(l, options))).Select(e => e.Id).Distinct().ToList(), ct);

    private static DeathRecord RecordOf(ParsedLine line, ImportOptions options) => line.Record! with { Source = line.Record!.Source ?? options.DefaultSource };

    private static (string Source, string Ref) KeyOf(ParsedLine line, ImportOptions options) => (line.Record!.Source ?? options.DefaultSource, line.Record.Ref);

    /// <summary>A batch of new cases only (a first-day import) is staged as plain rows, untracked (ADR 2251). A batch
    /// that updates a case, or names one record twice (the second line updates the first), keeps the tracked path, so
    /// its audit entries come in the order they always did.</summary>
    private static bool StagesUntracked(List<ParsedLine> lines, ImportOptions options, Dictionary<(string, string), DeathCase> existing)
    {
        if (!options.BulkWrites || !options.UntrackedNewCases || existing.Count > 0) return false;
        var keys = new HashSet<(string, string)>();
        return lines.All(l => keys.Add(KeyOf(l, options)));
    }

    private static async Task<Dictionary<(string, string), DeathCase>> LoadExistingAsync(VigilDbContext db, List<ParsedLine> lines, ImportOptions options, CancellationToken ct)
    {
        var existing = new Dictionary<(string, string), DeathCase>();
        foreach (var group in lines.GroupBy(l => l.Record!.Source ?? options.DefaultSource))
        {
            // The batch's refs as ONE parameter, not one per ref (ADR 2611): no statement of hundreds of parameters to
            // prepare and bind by name for each of the split query's statements, and no limit to chunk by.
            var refs = group.Select(l => l.Record!.Ref).Distinct().ToArray();
            var found = await db.Cases.Where(c => c.TeamId == options.TeamId && c.Source == group.Key && EF.Parameter(refs).Contains(c.SourceRef))
                .Include(c => c.People).ThenInclude(p => p.Person).Include(c => c.Toxicology).Include(c => c.Exhibits)
                .AsSplitQuery().ToListAsync(ct);
            foreach (var c in found) existing[(c.Source, c.SourceRef)] = c;
        }
        return existing;
    }

    /// <summary>References for the lines that will create a case, one reserved block per year, the years in ascending
    /// order (so two batches wait for each other's counter rows in one order, never crosswise), and the people register's
    /// lock with the last block when <paramref name="thenLockRegister"/>: every counter row before the register, as a
    /// form's create takes its one (ADR 3196).</summary>
    private static async Task<Dictionary<int, string>> ReserveReferencesAsync(VigilDbContext db, List<ParsedLine> lines, ImportOptions options,
        Dictionary<(string, string), DeathCase> existing, bool thenLockRegister, CancellationToken ct)
    {
        var seen = new HashSet<(string, string)>(existing.Keys);
        var creating = lines.Where(l => seen.Add(KeyOf(l, options))).ToList();
        var result = new Dictionary<int, string>();
        var years = creating.GroupBy(l => l.Record!.FoundAt.UtcDateTime.Year).OrderBy(y => y.Key).ToList();
        foreach (var year in years)
        {
            var next = thenLockRegister && year == years[^1]
                ? await CaseReferences.ReserveThenLockPeopleRegisterAsync(db, year.Key, year.Count(), ct)
                : await CaseReferences.ReserveAsync(db, year.Key, year.Count(), ct);
            foreach (var line in year) result[line.LineNumber] = CaseReferences.Format(year.Key, next++);
        }
        return result;
    }
}
