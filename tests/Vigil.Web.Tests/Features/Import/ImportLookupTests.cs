using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Records;
using Vigil.Web.Features.Import;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>An import batch looks its existing cases and the register's people, phones and addresses up with each
/// list of keys as ONE parameter (ADR 2611). A batch of more keys than the old 500-key chunks finds every one of them:
/// a re-import updates every case and creates none, and people already on the register are linked, not made again.</summary>
public abstract class ImportLookupTests(VigilAppFactory app)
{
    private const int Records = 620; // more than one of the old 500-key chunks, in one batch

    private Task<ImportSummary> ImportAsync(IEnumerable<DeathRecord> records, Guid team) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>().ImportAsync(
            records.Select((r, i) => new ParsedLine(i + 1, r, null, [])),
            new ImportOptions(team, "test") { WaitForLinkage = false }, null, default));

    [Fact]
    public async Task AReimportOfMoreThan500Records_UpdatesEveryCase_AndCreatesNone()
    {
        var team = await app.TeamIdAsync("look-" + Guid.NewGuid().ToString("N")[..6]);
        var source = "look-" + Guid.NewGuid().ToString("N")[..6];
        var records = Enumerable.Range(1, Records).Select(n => Samples.Record(reference: $"R-{n:D4}", source: source)).ToList();
        var first = await ImportAsync(records, team);
        Assert.Equal((Records, 0), (first.Created, first.Updated));

        var again = await ImportAsync(records.Select(r => r with { Narrative = "Re-imported with a corrected narrative." }), team);
        Assert.Equal((0, Records, 0), (again.Created, again.Updated, again.Rejected.Count));
        var stored = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Cases
            .Where(c => c.Source == source).Select(c => c.Narrative).ToListAsync());
        Assert.Equal(Records, stored.Count);
        Assert.All(stored, n => Assert.Equal("Re-imported with a corrected narrative.", n));
    }

    [Fact]
    public async Task PeopleAlreadyOnTheRegister_AreLinked_NotMadeAgain()
    {
        var team = await app.TeamIdAsync("look-" + Guid.NewGuid().ToString("N")[..6]);
        var source = "look-" + Guid.NewGuid().ToString("N")[..6];
        var tag = Letters(Guid.NewGuid().ToString("N")[..8]);
        DeathRecord Naming(int n, string reference) => Samples.Record(reference: reference, source: source) with
        {
            People = [new RecordPerson
            {
                Role = "finder", Name = $"Ferrow {tag}{Letters(n.ToString("D3", System.Globalization.CultureInfo.InvariantCulture))}",
                Phone = $"07700 {tag.Length}{n:D5}", Address = $"{n} {tag} Row",
            }],
        };
        var first = await ImportAsync(Enumerable.Range(1, Records).Select(n => Naming(n, $"F-{n:D4}")), team);
        Assert.Equal(Records, first.Created);
        var before = await RegisterAsync(source, "F-");
        Assert.Equal((Records, Records, Records), (before.People.Count, before.Phones.Count, before.Addresses.Count));

        // New cases (other refs) naming the same people: every person, phone and address is found, none created.
        var second = await ImportAsync(Enumerable.Range(1, Records).Select(n => Naming(n, $"S-{n:D4}")), team);
        Assert.Equal(Records, second.Created);
        var after = await RegisterAsync(source, "S-");
        Assert.Equal(before.People, after.People);
        Assert.Equal(before.Phones, after.Phones);
        Assert.Equal(before.Addresses, after.Addresses);
        var named = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().People.CountAsync(p => p.Name.StartsWith("Ferrow " + tag)));
        Assert.Equal(Records, named);
    }

    /// <summary>The people, phones and addresses the links of the source's cases whose refs start so point at.</summary>
    private Task<(HashSet<Guid> People, HashSet<Guid?> Phones, HashSet<Guid?> Addresses)> RegisterAsync(string source, string refs) =>
        app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var links = await db.CasePeople.Where(l => db.Cases.Any(c => c.Id == l.CaseId && c.Source == source && c.SourceRef.StartsWith(refs)))
                .Select(l => new { l.PersonId, l.PhoneId, l.AddressId }).ToListAsync();
            return (links.Select(l => l.PersonId).ToHashSet(), links.Select(l => l.PhoneId).ToHashSet(), links.Select(l => l.AddressId).ToHashSet());
        });

    /// <summary>Digits and hex as letters, so that every test's names are its own and contain no digit.</summary>
    private static string Letters(string s) => new([.. s.Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16)))]);
}

[Collection(SqliteCollection.Name)]
public sealed class ImportLookupTests_Sqlite(SqliteApp app) : ImportLookupTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ImportLookupTests_Postgres(PostgresApp app) : ImportLookupTests(app);
