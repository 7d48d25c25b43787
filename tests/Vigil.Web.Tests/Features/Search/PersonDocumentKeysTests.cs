using Vigil.Data.Cases;
using Vigil.Data.People;
using Vigil.Data.Search;
using Vigil.Web.Features.Search;

namespace Vigil.Web.Tests.Features.Search;

/// <summary>ADR 3188: a person's document parses the register's name only when its text differs from the name as
/// written; its keys stay those of both names, each key once.</summary>
public sealed class PersonDocumentKeysTests
{
    private static string Joined(IEnumerable<string?> keys) => string.Join(' ', keys.OfType<string>().Distinct(StringComparer.Ordinal));

    [Theory]
    [InlineData("Stephen Jnoes", "Stephen Jones")] // an appearance merged into another record: found under both names
    [InlineData("Stephen Jones", "Stephen Jones")]
    [InlineData("JONES, Stephen", "Stephen Jones")]
    [InlineData(null, "(name not recorded)")]
    public void PersonDocument_HasTheKeysOfTheWrittenName_AndOfTheRegistersName(string? written, string register)
    {
        var team = Guid.NewGuid();
        var death = new DeathCase { TeamId = team, Reference = "VGL-2026-000001", SourceRef = "L-1" };
        var person = new Person { Name = register };
        death.People.Add(new CasePerson { CaseId = death.Id, PersonId = person.Id, Person = person, Role = "finder", NameAsWritten = written, PhoneAsWritten = "07700 900123" });

        var document = SearchIndexer.DocumentsOf(death).Single(d => d.Kind == SearchKinds.Person);

        Assert.Equal(Joined([SearchKeys.ForKind(SearchKinds.Person), SearchKeys.ForTeam(team), .. SearchKeys.ForName(written),
            .. SearchKeys.ForName(register), SearchKeys.ForPhone("07700 900123")]), document.Keys);
    }
}
