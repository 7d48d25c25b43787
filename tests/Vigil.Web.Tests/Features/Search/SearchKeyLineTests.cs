using Vigil.Web.Features.Search;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Search;

/// <summary>ADR 2404: the import writes a document's keys into one reused line; the line must be exactly what joining
/// <see cref="SearchKeys"/>' own sequences, each key once, made — for every name, phone and reference in London.</summary>
public sealed class SearchKeyLineTests
{
    private static string Joined(IEnumerable<string?> keys) => string.Join(' ', keys.OfType<string>().Distinct(StringComparer.Ordinal));

    [Fact]
    public void EveryLondonDocumentsKeys_AreTheJoinedDistinctKeys()
    {
        var line = new SearchKeyLine();
        var team = SearchKeys.ForTeam(Guid.NewGuid());
        var compared = 0;
        foreach (var r in BenchData.London(null))
        {
            var reference = $"VGL-{r.FoundAt.Year}-{compared % 100_000:D6}";
            line.Add(SearchKeys.Kind, "case");
            line.Add(team);
            line.AddReference(reference);
            line.AddReference(r.Ref);
            line.AddName(r.Deceased?.Name);
            Assert.Equal(Joined([SearchKeys.ForKind("case"), team, .. SearchKeys.ForReference(reference), .. SearchKeys.ForReference(r.Ref), .. SearchKeys.ForName(r.Deceased?.Name)]), line.Take());
            foreach (var p in r.People ?? [])
            {
                // The written name twice, as a person not yet merged gives it (record's name and the register's).
                line.Add(SearchKeys.Kind, "person");
                line.Add(team);
                line.AddName(p.Name);
                line.AddName(p.Name);
                line.Add(SearchKeys.ForPhone(p.Phone));
                Assert.Equal(Joined([SearchKeys.ForKind("person"), team, .. SearchKeys.ForName(p.Name), .. SearchKeys.ForName(p.Name), SearchKeys.ForPhone(p.Phone)]), line.Take());
                Assert.Equal(JoinedText(p.Name, p.Phone), line.Text(p.Name, p.Phone));
            }
            compared++;
        }
        Assert.True(compared > 30_000);
    }

    [Theory]
    [InlineData("Lee", "EX-0007")]
    [InlineData("Mary-Ann O'Neill", "000")]
    [InlineData("  ", "   ")]
    [InlineData(null, null)]
    [InlineData("Smith Smith", "ref 12 34")]
    [InlineData("Ωmega Ångström", "A-ÅB-0100")]
    public void EdgeCases_AreTheJoinedDistinctKeys(string? name, string? reference)
    {
        var line = new SearchKeyLine();
        line.AddReference(reference);
        line.AddName(name);
        line.AddName(name);
        line.AddReference(reference);
        Assert.Equal(Joined([.. SearchKeys.ForReference(reference), .. SearchKeys.ForName(name), .. SearchKeys.ForName(name), .. SearchKeys.ForReference(reference)]), line.Take());
        Assert.Equal(JoinedText(name, reference, "", null, name), line.Text(name, reference, "", null, name));
    }

    private static string? JoinedText(params string?[] parts)
    {
        var text = string.Join(" · ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
        return text.Length == 0 ? null : text;
    }
}
