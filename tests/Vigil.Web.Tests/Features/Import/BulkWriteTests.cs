using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Data.Search;
using Vigil.Records;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Search;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>The bulk writer (binary COPY on PostgreSQL, or one command of INSERTs for a few rows; prepared INSERTs on
/// SQLite; ADR 1132, 1331, 1607) stores exactly what EF Core stores: the same London records imported into one team through the bulk path and into another through
/// EF Core alone read back equal, field by field, in every table an import writes. Only what differs by design is set
/// aside: generated ids, the team, the case reference (a counter) and the save's own clock.</summary>
public abstract class BulkWriteTests(VigilAppFactory app)
{
    // The save's clock, the team, the reference counter, and the linkage worker's progress on the outbox row.
    private static readonly HashSet<string> ByDesign = new(StringComparer.Ordinal)
        { "TeamId", "Reference", "CreatedAt", "UpdatedAt", "OccurredAt", "EnqueuedAt", "DoneAt", "Attempts", "LastError" };

    [Theory]
    [InlineData(50)] // PostgreSQL: a binary COPY per table
    [InlineData(4)] // PostgreSQL: few rows, every table's INSERTs in one command (ADR 1607)
    public async Task BulkImport_StoresFieldForField_WhatEfCoreStores(int batchSize)
    {
        var records = BenchData.London(120);
        var source = "bulk-" + Guid.NewGuid().ToString("N")[..8]; // teams fresh per run; the records name their own source
        var bulkTeam = await app.TeamIdAsync("Bulk " + source);
        var efTeam = await app.TeamIdAsync("EF " + source);
        var bulk = await ImportAsync(records, new ImportOptions(bulkTeam, source, BatchSize: batchSize, WaitForLinkage: false));
        var ef = await ImportAsync(records, new ImportOptions(efTeam, source, BatchSize: 50, WaitForLinkage: false) { BulkWrites = false });
        Assert.Equal((records.Count, 0), (bulk.Created, bulk.Rejected.Count));
        Assert.Equal((records.Count, 0), (ef.Created, ef.Rejected.Count));

        await app.WithDbAsync(async db =>
        {
            var bulkRows = await RowsAsync(db, bulkTeam);
            var efRows = await RowsAsync(db, efTeam);
            Assert.Equal(records.Count, bulkRows.Count);
            Assert.Equal(efRows.Keys.Order(StringComparer.Ordinal), bulkRows.Keys.Order(StringComparer.Ordinal));
            foreach (var (sourceRef, expected) in efRows)
            {
                // One row a line, so that a difference is shown in full.
                Assert.Equal(string.Join('\n', expected), string.Join('\n', bulkRows[sourceRef]));
            }
        });
    }

    private Task<ImportSummary> ImportAsync(List<DeathRecord> records, ImportOptions options) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>().ImportAsync(
            records.Select((r, i) => new ParsedLine(i + 1, r, null, [])), options, null, default));

    /// <summary>Every row an import wrote for each case of the team, as text, keyed by the record's ref.</summary>
    private static async Task<Dictionary<string, List<string>>> RowsAsync(VigilDbContext db, Guid team)
    {
        var cases = await db.Cases.Where(c => c.TeamId == team) // a fresh team: the import's cases only
            .Include(c => c.People).ThenInclude(p => p.Person).Include(c => c.Toxicology).Include(c => c.Exhibits).Include(c => c.Timeline)
            .AsSplitQuery().ToListAsync();
        var ids = cases.Select(c => c.Id).ToList();
        var documents = (await db.Set<SearchDocument>().Where(d => ids.Contains(d.CaseId)).ToListAsync()).ToLookup(d => d.CaseId);
        var audit = (await db.AuditEntries.Where(e => e.CaseId != null && ids.Contains(e.CaseId.Value)).ToListAsync()).ToLookup(e => e.CaseId!.Value);
        var outbox = (await db.Set<Vigil.Data.Linkage.LinkageOutboxRow>().Where(o => ids.Contains(o.CaseId)).ToListAsync()).ToLookup(o => o.CaseId);
        return cases.ToDictionary(c => c.SourceRef, c =>
        {
            var rows = new List<string> { Describe(db.Entry(c), c) };
            rows.AddRange(Sorted(c.People.Select(p => Describe(db.Entry(p), c) + " person " + Describe(db.Entry(p.Person!), c))));
            rows.AddRange(Sorted(c.Toxicology.Select(t => Describe(db.Entry(t), c))));
            rows.AddRange(Sorted(c.Exhibits.Select(e => Describe(db.Entry(e), c))));
            rows.AddRange(Sorted(c.Timeline.Select(t => Describe(db.Entry(t), c))));
            rows.AddRange(Sorted(documents[c.Id].Select(d => Describe(db.Entry(d), c) + " keys " + KeysOf(d, c))));
            // Audit bodies name generated ids; what each entry is, and that there is one per change, must agree.
            // The linkage worker's own entries (candidates, series) depend on its timing, not on the import.
            rows.AddRange(Sorted(audit[c.Id].Where(e => !e.EntityType.StartsWith("Link", StringComparison.Ordinal))
                .Select(e => $"audit {e.Action} {e.EntityType} {e.Changes.Length > 0}")));
            rows.AddRange(Sorted(outbox[c.Id].Select(o => Describe(db.Entry(o), c))));
            return rows;
        });
    }

    private static IEnumerable<string> Sorted(IEnumerable<string> rows) => rows.Order(StringComparer.Ordinal);

    /// <summary>Every mapped property (owned parts included) but generated ids, keys and what differs by design.</summary>
    private static string Describe(EntityEntry entry, DeathCase owner)
    {
        var parts = new List<string> { entry.Metadata.ClrType.Name };
        foreach (var p in entry.Properties.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            var m = p.Metadata;
            if (m.IsPrimaryKey() || m.IsForeignKey() || m.ClrType == typeof(Guid) || m.ClrType == typeof(Guid?)) continue;
            if (entry.Entity is SearchDocument && m.Name == nameof(SearchDocument.Keys)) continue; // KeysOf

            if (ByDesign.Contains(m.Name))
            {
                // The save's clock differs between the two imports; its values must still be UTC instants.
                // (DoneAt is set, or not yet, by the linkage worker running in the background: left out whole.)
                if (p.CurrentValue is DateTime at && m.Name != "DoneAt") parts.Add($"{m.Name}:{at.Kind}");
                continue;
            }
            // An unnamed person's match key embeds a generated id ("unnamed|<id>").
            var value = p.CurrentValue is string key && m.Name == "MatchKey" && key.StartsWith("unnamed|", StringComparison.Ordinal) ? "unnamed|ID" : p.CurrentValue;
            parts.Add($"{m.Name}={Show(value, owner)}");
        }
        foreach (var owned in entry.References.Where(r => r.TargetEntry is { } t && t.Metadata.IsOwned()))
            parts.Add($"{owned.Metadata.Name}{{{Describe(owned.TargetEntry!, owner)}}}");
        return string.Join(' ', parts);
    }

    private static string Show(object? value, DeathCase owner) => value switch
    {
        null => "null",
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture) + d.Kind,
        string s => s.Replace(owner.Reference, "REF", StringComparison.Ordinal), // exhibit references and titles embed it
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A document's match keys but the team's and the reference's (which differ by design).</summary>
    private static string KeysOf(SearchDocument d, DeathCase owner)
    {
        // A reference token the record's own ref also yields (its running number) is kept: both stores have it.
        var differing = SearchKeys.ForReference(owner.Reference).Except(SearchKeys.ForReference(owner.SourceRef), StringComparer.Ordinal)
            .Append(SearchKeys.ForTeam(owner.TeamId)).ToHashSet(StringComparer.Ordinal);
        // Exhibit references embed the case reference ("...-000133-EX01").
        var compact = SearchKeys.ForReference(owner.Reference).First()[SearchKeys.Reference.Length..];
        return string.Join(' ', d.Keys.Split(' ').Where(k => !differing.Contains(k))
            .Select(k => k.Replace(compact, "REF", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class BulkWriteTests_Sqlite(SqliteApp app) : BulkWriteTests(app);

[Collection(PostgresCollection.Name)]
public sealed class BulkWriteTests_Postgres(PostgresApp app) : BulkWriteTests(app);
