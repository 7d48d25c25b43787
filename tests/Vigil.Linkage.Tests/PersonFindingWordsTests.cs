using Vigil.Linkage.Index;
using Vigil.Linkage.Model;
using Vigil.Linkage.Scoring;
using Vigil.Records;

namespace Vigil.Linkage.Tests;

/// <summary>The person in common, as an explanation's line puts it: a name written alike in both deaths is said once
/// (the demo's "person last seen with the deceased 'V' and person last seen with the deceased 'V'" read as two people).</summary>
public class PersonFindingWordsTests
{
    private static readonly DateTimeOffset Start = new(2024, 3, 1, 6, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("last-seen-with", "Orrin Vantablack", "last-seen-with", "Orrin Vantablack",
        "same phone: 'Orrin Vantablack', person last seen with the deceased in both (")]
    [InlineData("caller", "Orrin Vantablack", "finder", "orrin vantablack",
        "same phone: 'Orrin Vantablack', caller in this death and finder in the earlier one (")]
    [InlineData("finder", "Orrin Vantablack", "finder", "O. Vantablack",
        "same phone: finder 'Orrin Vantablack' and finder 'O. Vantablack' (")]
    public void ThePersonInCommon_IsNamedOnce_WhenWrittenAlike(string newerRole, string newerName, string earlierRole, string earlierName, string expected)
    {
        var (deaths, _) = SyntheticDeaths.Generate(200, 2, 11);
        var index = new LinkageIndex(LinkageModel.Default());
        foreach (var d in deaths) index.Add(d);
        index.Add(Death("EARLIER", Start, earlierRole, earlierName));
        var newer = index.Extractor.Extract(Death("NEWER", Start.AddDays(9), newerRole, newerName));

        var explanation = index.Explain(newer, index.Records.Single(r => r.Ref == "EARLIER"));

        var person = Assert.Single(explanation.Items, i => i.Comparison == Comparison.Person);
        Assert.StartsWith(expected, person.Finding, StringComparison.Ordinal);
    }

    private static DeathRecord Death(string id, DateTimeOffset at, string role, string name) => new()
    {
        Ref = id,
        FoundAt = at,
        Location = new RecordLocation { Lat = 51.53, Lon = 0.08, Setting = "park", Area = "Riverside" },
        Deceased = new RecordDeceased { Sex = "male", Age = 24, Name = "X " + id },
        CauseOfDeath = "GHB toxicity",
        Manner = "undetermined",
        Toxicology = [new RecordToxicology { Substance = "GHB", ConcentrationMgL = 300 }],
        People = [new RecordPerson { Role = role, Name = name, Phone = "07700 900123" }],
    };
}
