using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Audit;
using Vigil.Data.Cases;
using Vigil.Data.People;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Import;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Audit;

/// <summary>The audit interceptor writes each change's JSON directly (ADR 2061). The entries' hashes cover these bytes,
/// so they must be exactly what the serialiser it replaced wrote: a London batch staged as an import stages it (new
/// cases with their children folded in, re-imported cases whose people and toxicology are replaced, and every row the
/// before-save hooks add) is described both ways and compared draft for draft.</summary>
public abstract class AuditChangesJsonTests(VigilAppFactory app)
{
    [Fact]
    public async Task Collect_WritesByteForByte_WhatTheSerialiserWrote()
    {
        var records = BenchData.London(120);
        var source = "json-" + Guid.NewGuid().ToString("N")[..8];
        var team = await app.TeamIdAsync("Audit JSON " + source);
        var first = records.Take(40).Select(r => r with { Source = source }).ToList();
        await app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>().ImportAsync(
            first.Select((r, i) => new ParsedLine(i + 1, r, null, [])), new ImportOptions(team, source, WaitForLinkage: false), null, default));

        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var pipeline = sp.GetRequiredService<CaseSavePipeline>();
            db.ChangeTracker.AutoDetectChangesEnabled = false; // as the import stages
            await using var tx = await db.Database.BeginTransactionAsync();
            var writer = new CaseWriter(db, sp.GetRequiredService<TimeProvider>(), CaseChangeKind.Imported);
            var fresh = records.Skip(40).Select(r => r with { Source = source }).ToList();
            await writer.People.PreloadAsync(fresh.Concat(records.Skip(100)).SelectMany(r => r.People ?? []), default);
            var cases = new List<DeathCase>();
            for (var i = 0; i < 60; i++) cases.Add(await writer.NewCaseAsync(fresh[i], team, $"AJ-{source}-{i}", default));
            // Re-imports: the first twenty cases take another death's facts (people and toxicology replaced).
            var existing = await db.Cases.Where(c => c.TeamId == team).OrderBy(c => c.SourceRef).Take(20)
                .Include(c => c.People).Include(c => c.Toxicology).Include(c => c.Exhibits).Include(c => c.Timeline).AsSplitQuery().ToListAsync();
            for (var i = 0; i < existing.Count; i++)
            {
                await writer.UpdateAsync(existing[i], records[100 + i] with { Source = source, Ref = existing[i].SourceRef }, default);
                cases.Add(existing[i]);
            }
            db.DetectChangesBeforeHooks();
            foreach (var hook in pipeline.Hooks) await hook.BeforeSaveAsync(db, cases, CaseChangeKind.Imported, default);
            db.DetectChangesForSave();

            var expected = SerialisedCollect(db);
            var actual = AuditInterceptor.Collect(db);
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Details, actual[i].Details);
                Assert.Equal(expected[i] with { Details = "", AlsoCases = Array.Empty<Guid>() }, actual[i] with { Details = "", AlsoCases = Array.Empty<Guid>() });
                Assert.Equal(expected[i].AlsoCases, actual[i].AlsoCases);
            }
            // The batch exercises every shape: folded children, changed values as [old, new], deleted rows.
            Assert.Contains(actual, d => d.Details.Contains("\"$children\":[{", StringComparison.Ordinal));
            Assert.Contains(actual, d => d.Action == "update" && d.Details.Contains("\":[", StringComparison.Ordinal));
            Assert.Contains(actual, d => d.Action == "delete");
            Assert.Contains(actual, d => d.Details.Contains("\"Deceased.", StringComparison.Ordinal));
            await tx.RollbackAsync();
            return true;
        });
    }

    /// <summary>The interceptor's description as it was before ADR 2061: a sorted dictionary per change, serialised.</summary>
    private static List<AuditDraft> SerialisedCollect(VigilDbContext db)
    {
        var entries = db.ChangeTracker.Entries()
            .Where(e => e.Entity is not (IAuditLogRow or INotAudited) && !e.Metadata.IsOwned() && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            // A row saved only to move a bookkeeping token (ADR 3246) has no entry.
            .Where(e => !(e.State == EntityState.Modified && e.Properties.Any(p => p.IsModified) && e.Properties.Where(p => p.IsModified).All(p => p.Metadata.IsNotAudited())))
            .ToList();
        var newCases = entries.Where(e => e.Entity is DeathCase && e.State == EntityState.Added)
            .ToDictionary(e => ((DeathCase)e.Entity).Id, _ => new List<SortedDictionary<string, object?>>());
        var drafts = new List<(EntityEntry Entry, SortedDictionary<string, object?> Values, Guid? CaseId, List<Guid> Also)>();
        var foldedAlso = new Dictionary<Guid, List<Guid>>();
        var sharedOwner = entries.Where(e => e.Entity is CasePerson && e.State == EntityState.Added)
            .Select(e => (CasePerson)e.Entity)
            .SelectMany(cp => new[] { (Guid?)cp.PersonId, cp.PhoneId, cp.AddressId }.OfType<Guid>().Select(id => (id, cp.CaseId)))
            .GroupBy(x => x.id).ToDictionary(g => g.Key, g => g.First().CaseId);
        foreach (var e in entries)
        {
            var (caseId, also) = AuditSubjects.Of(e, db.ChangeTracker);
            if (caseId is null && e.State == EntityState.Added && e.Entity is Person or Phone or Address)
                caseId = sharedOwner.TryGetValue((Guid)e.Property("Id").CurrentValue!, out var owner) ? owner : null;
            var values = Describe(e);
            if (e.State == EntityState.Added && e.Entity is not DeathCase && caseId is { } id && newCases.TryGetValue(id, out var children))
            {
                values["$type"] = e.Metadata.ClrType.Name;
                children.Add(values);
                if (also.Count > 0) (foldedAlso.TryGetValue(id, out var list) ? list : foldedAlso[id] = []).AddRange(also);
                continue;
            }
            drafts.Add((e, values, caseId, [.. also]));
        }
        return drafts.Select(d =>
        {
            if (d.Entry.Entity is DeathCase c && newCases.TryGetValue(c.Id, out var children) && children.Count > 0)
                d.Values["$children"] = children;
            if (d.Entry.Entity is DeathCase folded && foldedAlso.TryGetValue(folded.Id, out var alsoChildren)) d.Also.AddRange(alsoChildren);
            var action = d.Entry.State switch { EntityState.Added => "create", EntityState.Deleted => "delete", _ => "update" };
            var key = d.Entry.Metadata.FindPrimaryKey()!;
            var entityId = string.Join("/", key.Properties.Select(p => Convert.ToString(d.Entry.Property(p.Name).CurrentValue, System.Globalization.CultureInfo.InvariantCulture)));
            return new AuditDraft(action, d.Entry.Metadata.ClrType.Name, entityId, d.CaseId, JsonSerializer.Serialize(d.Values, AuditJson.Options))
                { AlsoCases = d.Also.Where(x => x != d.CaseId).Distinct().ToList() };
        }).ToList();
    }

    private static SortedDictionary<string, object?> Describe(EntityEntry e)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in e.Properties.Where(p => !p.Metadata.IsNotAudited()))
        {
            var name = p.Metadata.Name;
            object? Show(object? v) => AuditInterceptor.RedactedProperties.Contains(name) && v is not null ? "[redacted]" : v;
            switch (e.State)
            {
                case EntityState.Added: if (p.CurrentValue is not null) values[name] = Show(p.CurrentValue); break;
                case EntityState.Deleted: values[name] = Show(p.OriginalValue); break;
                default:
                    if (p.IsModified && !Equals(p.OriginalValue, p.CurrentValue))
                        values[name] = new[] { Show(p.OriginalValue), Show(p.CurrentValue) };
                    break;
            }
        }
        foreach (var owned in e.References.Where(r => r.TargetEntry is not null && r.TargetEntry.Metadata.IsOwned()))
            foreach (var (k, v) in Describe(owned.TargetEntry!)) values[$"{owned.Metadata.Name}.{k}"] = v;
        return values;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuditChangesJsonTests_Sqlite(SqliteApp app) : AuditChangesJsonTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AuditChangesJsonTests_Postgres(PostgresApp app) : AuditChangesJsonTests(app);
