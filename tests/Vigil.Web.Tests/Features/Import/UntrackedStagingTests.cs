using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Audit;
using Vigil.Data.Cases;
using Vigil.Records;
using Vigil.Web.Features.Audit;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Import;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>New cases staged as plain rows, untracked (ADR 2251), are audited exactly as tracked ones: the same batch
/// staged both ways (each in a transaction rolled back, so both meet the same register of people) gives the same drafts
/// in the same order, byte for byte once the ids and instants each run generates are numbered in order of appearance;
/// and an untracked import verifies, chain and tree.</summary>
public abstract partial class UntrackedStagingTests(VigilAppFactory app)
{
    [Fact]
    public async Task UntrackedNewCases_AreAudited_ByteForByte_AsTrackedOnes()
    {
        var source = "untracked-" + Guid.NewGuid().ToString("N")[..8];
        var team = await app.TeamIdAsync("Untracked " + source);
        var fresh = BenchData.London(80).Select(r => r with { Source = source }).ToList();

        var tracked = await app.WithScopeAsync(sp => StageAsync(sp, fresh, team, source, untracked: false));
        var untracked = await app.WithScopeAsync(sp => StageAsync(sp, fresh, team, source, untracked: true));

        Assert.Equal(tracked.Count, untracked.Count);
        Assert.Equal(Normalised(tracked), Normalised(untracked));
        // The batch has every shape: children folded into the case, the deceased's owned values, the hooks' rows.
        Assert.Equal(fresh.Count, untracked.Count(d => d is { Action: "create", EntityType: nameof(DeathCase) }));
        Assert.Contains(untracked, d => d.Details.Contains("\"$type\":\"CasePerson\"", StringComparison.Ordinal));
        Assert.Contains(untracked, d => d.Details.Contains("\"$type\":\"Person\"", StringComparison.Ordinal));
        Assert.Contains(untracked, d => d.Details.Contains("\"$type\":\"CaseAction\"", StringComparison.Ordinal));
        Assert.Contains(untracked, d => d.Details.Contains("\"Deceased.DeathCaseId\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASynchronousSave_WritesTheStagedCases_ItsAuditEntriesDescribe()
    {
        var source = "untracked-sync-" + Guid.NewGuid().ToString("N")[..8];
        var team = await app.TeamIdAsync("Untracked sync " + source);
        var fresh = BenchData.London(5).Select(r => r with { Source = source }).ToList();

        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            db.BulkInserts = true;
            await using var tx = await db.Database.BeginTransactionAsync();
            var writer = new CaseWriter(db, sp.GetRequiredService<TimeProvider>(), CaseChangeKind.Imported);
            await writer.People.PreloadAsync(fresh.SelectMany(r => r.People ?? []), default);
            for (var i = 0; i < fresh.Count; i++) await writer.NewCaseAsync(fresh[i], team, $"UTS-{source}-{i}", default, untracked: true);
            Assert.Equal(fresh.Count, db.StagedCases.Count);
            db.SaveChanges();
            await tx.CommitAsync();
            return true;
        });

        await app.WithDbAsync(async db =>
        {
            var ids = await db.Cases.Where(c => c.Source == source).Select(c => c.Id).ToListAsync();
            Assert.Equal(fresh.Count, ids.Count);
            Assert.Equal(fresh.Count, await db.AuditEntries.CountAsync(e => e.Action == "create" && e.EntityType == nameof(DeathCase) && ids.Contains(e.CaseId!.Value)));
        });
    }

    [Fact]
    public async Task UntrackedImport_StoresEveryCase_AndVerifies()
    {
        var source = "untracked-" + Guid.NewGuid().ToString("N")[..8];
        var team = await app.TeamIdAsync("Untracked import " + source);
        var records = BenchData.London(90);
        var summary = await app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>().ImportAsync(
            records.Select((r, i) => new ParsedLine(i + 1, r with { Source = source }, null, [])),
            new ImportOptions(team, source, BatchSize: 40, WaitForLinkage: false), null, default));
        Assert.Equal((records.Count, 0), (summary.Created, summary.Rejected.Count));

        await app.WithDbAsync(async db =>
        {
            var ids = await db.Cases.Where(c => c.TeamId == team).Select(c => c.Id).ToListAsync();
            Assert.Equal(records.Count, ids.Count);
            var created = await db.AuditEntries.CountAsync(e => e.Action == "create" && e.EntityType == nameof(DeathCase) && ids.Contains(e.CaseId!.Value));
            Assert.Equal(records.Count, created);
            Assert.Equal(records.Sum(r => r.People?.Count ?? 0), await db.CasePeople.CountAsync(p => ids.Contains(p.CaseId)));
        });
        var verification = await app.WithScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync(null, default));
        Assert.True(verification.Intact, verification.FirstProblem?.ToString());

        // Importing the same file again finds every case, creates none and changes none (idempotence on source and ref;
        // ADR 1630: the people, toxicology and exhibits as stored read the same as the records).
        var again = await app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>().ImportAsync(
            records.Select((r, i) => new ParsedLine(i + 1, r with { Source = source }, null, [])),
            new ImportOptions(team, source, BatchSize: 40, WaitForLinkage: false), null, default));
        Assert.Equal((0, 0, records.Count), (again.Created, again.Updated, again.Unchanged));
    }

    [Fact]
    public async Task UntrackedImport_StagesSearchDocumentsUntracked_AndStoresTheSameDocumentsAsTrackedOnes()
    {
        var (source, records, untrackedTeam, trackedTeam) = await ImportBothWaysAsync("untracked-search");

        // Staging a batch leaves its search documents out of the tracker (ADR 2591).
        await StageRolledBackAsync(source, untrackedTeam, 3, async (sp, db, cases) =>
        {
            await Vigil.Web.Features.Search.SearchIndexer.ReplaceAsync(db, cases, default);
            Assert.Empty(db.ChangeTracker.Entries<Vigil.Data.Search.SearchDocument>());
            Assert.Equal(cases.Sum(c => Vigil.Web.Features.Search.SearchIndexer.DocumentsOf(c).Count()), db.StagedCases.Unaudited.Count);
        });

        var untrackedDocs = await DocumentsAsync(untrackedTeam);
        Assert.Equal(records.Count + records.Sum(r => (r.People?.Count ?? 0) + (r.Exhibits?.Count ?? 0)), untrackedDocs.Count);
        Assert.Equal(await DocumentsAsync(trackedTeam), untrackedDocs);
    }

    [Fact]
    public async Task UntrackedImport_StagesHookRowsUntracked_AndStoresTheSameActionsReviewsAndOutbox()
    {
        var (source, records, untrackedTeam, trackedTeam) = await ImportBothWaysAsync("untracked-hooks");

        // The hooks' rows for a staged case are staged with it, not tracked (ADR 2661).
        await StageRolledBackAsync(source, untrackedTeam, 5, async (sp, db, cases) =>
        {
            foreach (var hook in sp.GetRequiredService<CaseSavePipeline>().Hooks) await hook.BeforeSaveAsync(db, cases, CaseChangeKind.Imported, default);
            Assert.Empty(db.ChangeTracker.Entries<Vigil.Data.Enquiries.CaseAction>());
            Assert.Empty(db.ChangeTracker.Entries<Vigil.Data.Enquiries.CaseReview>());
            Assert.Empty(db.ChangeTracker.Entries<Vigil.Data.Linkage.LinkageOutboxRow>());
            Assert.Contains(db.StagedCases.AllRows(db.Model).Rows, r => r.Row is Vigil.Data.Enquiries.CaseAction);
            Assert.Equal(cases.Count, db.StagedCases.Unaudited.Count(r => r is Vigil.Data.Linkage.LinkageOutboxRow));
        });

        var untrackedRows = await HookRowsAsync(untrackedTeam);
        Assert.Contains(untrackedRows, r => r.StartsWith("action ", StringComparison.Ordinal));
        Assert.Equal(records.Count, untrackedRows.Count(r => r.StartsWith("outbox ", StringComparison.Ordinal)));
        Assert.Equal(await HookRowsAsync(trackedTeam), untrackedRows);
    }

    /// <summary>Sixty London records imported into two fresh teams, in batches of 25: staged untracked into one, tracked into the other.</summary>
    private async Task<(string Source, List<DeathRecord> Records, Guid Untracked, Guid Tracked)> ImportBothWaysAsync(string name)
    {
        var source = name + "-" + Guid.NewGuid().ToString("N")[..8];
        var records = BenchData.London(60).Select(r => r with { Source = source }).ToList();
        var untrackedTeam = await app.TeamIdAsync("Untracked " + source);
        var trackedTeam = await app.TeamIdAsync("Tracked " + source);
        foreach (var (team, untracked) in new[] { (untrackedTeam, true), (trackedTeam, false) })
            await app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>().ImportAsync(
                records.Select((r, i) => new ParsedLine(i + 1, r, null, [])),
                new ImportOptions(team, source, BatchSize: 25, WaitForLinkage: false) { UntrackedNewCases = untracked }, null, default));
        return (source, records, untrackedTeam, trackedTeam);
    }

    /// <summary>Stages <paramref name="count"/> further London records as untracked new cases of the team, lets
    /// <paramref name="check"/> look at the context, then rolls the transaction back.</summary>
    private Task StageRolledBackAsync(string source, Guid team, int count, Func<IServiceProvider, VigilDbContext, List<DeathCase>, Task> check) =>
        app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            db.BulkInserts = true;
            await using var tx = await db.Database.BeginTransactionAsync();
            var writer = new CaseWriter(db, sp.GetRequiredService<TimeProvider>(), CaseChangeKind.Imported);
            var fresh = BenchData.London(count).Select(r => r with { Source = source + "-staged" }).ToList();
            await writer.People.PreloadAsync(fresh.SelectMany(r => r.People ?? []), default);
            var cases = new List<DeathCase>();
            for (var i = 0; i < fresh.Count; i++) cases.Add(await writer.NewCaseAsync(fresh[i], team, $"ST-{source}-{i}", default, untracked: true));
            await check(sp, db, cases);
            await tx.RollbackAsync();
            return 0;
        });

    /// <summary>A team's actions, reviews and outbox rows by the record they came from, without what differs between two
    /// imports of one file (ids, instants).</summary>
    private Task<List<string>> HookRowsAsync(Guid team) => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<VigilDbContext>();
        var actions = await (from a in db.CaseActions
                             join c in db.Cases on a.CaseId equals c.Id
                             where c.TeamId == team
                             select new { c.SourceRef, a.Number, a.Source, a.Title, a.Detail, a.Mandatory, a.Priority, a.Status, a.RaisedBy, a.TriggerKey, a.Version }).ToListAsync();
        var reviews = await (from r in db.CaseReviews
                             join c in db.Cases on r.CaseId equals c.Id
                             where c.TeamId == team
                             select new { c.SourceRef, r.Label, r.DueAt, c.CreatedAt }).ToListAsync();
        var outbox = await (from o in db.Set<Vigil.Data.Linkage.LinkageOutboxRow>()
                            join c in db.Cases on o.CaseId equals c.Id
                            where c.TeamId == team
                            select new { c.SourceRef, o.FoundAt, CaseFoundAt = c.FoundAt }).ToListAsync();
        // A trigger names its person by id (an unnamed person is a new person in each import); a title may name an
        // exhibit by the case's reference, which each import reserves afresh.
        return actions.Select(a => $"action {a.SourceRef} {a.Number} {a.Source} {Reference().Replace(a.Title, "REF")} {a.Detail} {a.Mandatory} {a.Priority} {a.Status} {a.RaisedBy} {Generated().Replace(Reference().Replace(a.TriggerKey ?? "", "REF"), "#")} {a.Version}")
            .Concat(reviews.Select(r => $"review {r.SourceRef} {r.Label} {r.DueAt - r.CreatedAt}"))
            .Concat(outbox.Select(o => $"outbox {o.SourceRef} {o.FoundAt == o.CaseFoundAt}"))
            .Order(StringComparer.Ordinal).ToList();
    });

    /// <summary>A team's search documents by the record they came from, without what differs between two imports of one
    /// file into two teams (ids, team keys, references).</summary>
    private Task<List<string>> DocumentsAsync(Guid team) => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<VigilDbContext>();
        var docs = await (from d in db.Set<Vigil.Data.Search.SearchDocument>()
                          join c in db.Cases on d.CaseId equals c.Id
                          where d.TeamId == team
                          select new { c.SourceRef, d.Kind, d.Address, d.Text }).ToListAsync();
        return docs.Select(d => $"{d.SourceRef} {d.Kind} {d.Address} {d.Text}").Order(StringComparer.Ordinal).ToList();
    });

    /// <summary>A batch of new cases staged as the import stages it, its hooks run, and the audit drafts collected;
    /// then rolled back.</summary>
    private static async Task<List<AuditDraft>> StageAsync(IServiceProvider sp, List<DeathRecord> fresh, Guid team, string source, bool untracked)
    {
        var db = sp.GetRequiredService<VigilDbContext>();
        var pipeline = sp.GetRequiredService<CaseSavePipeline>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.BulkInserts = true;
        await using var tx = await db.Database.BeginTransactionAsync();
        var writer = new CaseWriter(db, sp.GetRequiredService<TimeProvider>(), CaseChangeKind.Imported);
        await writer.People.PreloadAsync(fresh.SelectMany(r => r.People ?? []), default);
        var cases = new List<DeathCase>();
        for (var i = 0; i < fresh.Count; i++) cases.Add(await writer.NewCaseAsync(fresh[i], team, $"UT-{source}-{i}", default, untracked));
        Assert.Equal(untracked ? fresh.Count : 0, db.StagedCases.Count);
        db.DetectChangesBeforeHooks();
        foreach (var hook in pipeline.Hooks) await hook.BeforeSaveAsync(db, cases, CaseChangeKind.Imported, default);
        db.DetectChangesForSave();
        var drafts = AuditInterceptor.Collect(db);
        await tx.RollbackAsync();
        return drafts;
    }

    /// <summary>Each draft as one line, with every id the run generated replaced by its number in order of first
    /// appearance, and every instant by "T": equal lines mean equal bytes at every other position, and the same ids in
    /// the same places.</summary>
    private static List<string> Normalised(List<AuditDraft> drafts)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        // Instants are all "T": two rows made in one tick by one run may not be in the other.
        string Number(Match m) => m.Value.Contains('T', StringComparison.Ordinal) ? "T" : "#" + (seen.TryGetValue(m.Value, out var n) ? n : seen[m.Value] = seen.Count);
        return [.. drafts.Select(d => Generated().Replace(
            $"{d.Action} {d.EntityType} {d.EntityId} {d.CaseId} [{string.Join(',', d.AlsoCases)}] {d.Actor} {d.Details}", Number))];
    }

    [GeneratedRegex(@"VGL-\d{4}-\d+")]
    private static partial Regex Reference();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}|\d{4}-\d\d-\d\dT[0-9:.]+Z?")]
    private static partial Regex Generated();
}

[Collection(SqliteCollection.Name)]
public sealed class UntrackedStagingTests_Sqlite(SqliteApp app) : UntrackedStagingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class UntrackedStagingTests_Postgres(PostgresApp app) : UntrackedStagingTests(app);
