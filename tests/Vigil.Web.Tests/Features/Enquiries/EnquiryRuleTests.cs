using Vigil.Data.Cases;
using Vigil.Data.People;
using Vigil.Web.Features.Enquiries.Rules;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>Every rule in the repository's rules file: fires on its facts, not on others, and once per fact.</summary>
public sealed class EnquiryRuleTests
{
    private static readonly EnquiryRuleEngine Engine = new(EnquiryRuleSet.BuiltIn());

    /// <summary>A death with no fact any rule looks for.</summary>
    private static DeathCase Neutral() => new()
    {
        Reference = "VGL-2026-000001", Setting = "home-own", Manner = "natural", Position = "lying-supine",
        Deceased = new Deceased { Name = "Edith Cole", Age = 88 },
    };

    private static Exhibit Exhibit(string type, int n = 1) => new() { Type = type, Reference = $"VGL-2026-000001/EX-{n:00}" };
    private static CasePerson Person(string role, string? name = "Rowan Vale") => new() { Role = role, NameAsWritten = name, PersonId = Guid.CreateVersion7() };

    public static TheoryData<string, string[]> Facts => new()
    {
        { "note-found", ["note-handwriting", "note-comparison-samples"] },
        { "exhibit:note", ["note-handwriting", "note-comparison-samples"] },
        { "exhibit:syringe", ["paraphernalia-forensic"] },
        { "exhibit:bottle", ["paraphernalia-forensic"] },
        { "exhibit:drug-wrap", ["paraphernalia-forensic"] },
        { "exhibit:medication", ["paraphernalia-forensic"] },
        { "drug-paraphernalia", ["paraphernalia-recovery"] },
        { "person:last-seen-with", ["tie-last-seen"] },
        { "person:present-at-death", ["tie-last-seen"] },
        { "person:finder", ["finder-statement"] },
        { "person:caller", ["finder-statement"] },
        { "clothing-anomaly", ["clothing-review"] },
        { "clothing-disarranged", ["clothing-review"] },
        { "body-moved", ["scene-reconstruction"] },
        { "covered", ["scene-reconstruction"] },
        { "position:sitting-propped", ["scene-reconstruction"] },
        { "phone-missing", ["property-trace"] },
        { "property-missing", ["property-trace"] },
        { "tox:GHB", ["toxicology-administration"] },
        { "sexual-context", ["sexual-offence"] },
        { "no-identification", ["identification"] },
        { "no-name", ["identification"] },
        { "signs-of-trauma", ["forensic-post-mortem"] },
        { "forced-entry", ["forced-entry"] },
        { "ligature", ["ligature-examination"] },
        { "exhibit:phone", ["phone-download"] },
        { "setting:park", ["public-place-cctv"] },
    };

    private static DeathCase With(string fact)
    {
        var c = Neutral();
        var (kind, value) = fact.Contains(':', StringComparison.Ordinal) ? (fact.Split(':')[0], fact.Split(':')[1]) : ("scene", fact);
        switch (kind)
        {
            case "scene" when fact == "no-name": c.Deceased.Name = null; break;
            case "scene": c.SetSceneFeatures([value]); break;
            case "exhibit": c.Exhibits.Add(Exhibit(value)); break;
            case "person": c.People.Add(Person(value)); break;
            case "position": c.Position = value; break;
            case "tox": c.Toxicology.Add(new ToxicologyResult { Substance = value }); c.Deceased.Age = 24; break;
            case "setting": c.Setting = value; c.Manner = "pending"; break;
        }
        return c;
    }

    /// <summary>The store returns a case's people in no fixed order. Two unnamed people in two roles of one rule took a
    /// count shared across the roles, so the next save read them the other way round, gave them each other's keys and
    /// raised their actions a second time (rules41, round 41).</summary>
    [Fact]
    public void UnnamedPeopleInTwoRolesOfOneRule_KeepTheirKeys_InEitherOrder()
    {
        DeathCase Case(params CasePerson[] people) { var c = Neutral(); c.People = [.. people]; return c; }
        var lastSeen = Person("last-seen-with", null);
        var present = Person("present-at-death", " ");
        var secondPresent = Person("present-at-death", null);
        static string[] Keys(IReadOnlyList<RuleHit> hits) => [.. hits.Where(h => h.Rule.Id == "tie-last-seen").Select(h => h.FactKey).Order(StringComparer.Ordinal)];
        var one = Keys(Engine.Evaluate(Case(lastSeen, present, secondPresent)));
        Assert.Equal(["person:unnamed:last-seen-with:1", "person:unnamed:present-at-death:1", "person:unnamed:present-at-death:2"], one);
        Assert.Equal(one, Keys(Engine.Evaluate(Case(present, secondPresent, lastSeen))));
        Assert.Equal(one, Keys(Engine.Evaluate(Case(secondPresent, lastSeen, present))));
    }

    [Fact]
    public void NeutralDeath_RaisesNothing() => Assert.Empty(Engine.Evaluate(Neutral()));

    [Theory]
    [MemberData(nameof(Facts))]
    public void Rule_FiresOnItsFact_AndNoOther(string fact, string[] rules)
    {
        var hits = Engine.Evaluate(With(fact)).ToList();
        Assert.Equal(rules.Order(StringComparer.Ordinal), hits.Select(h => h.Rule.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Facts))]
    public void Rule_GivesTheSameTriggerKeys_OnEveryEvaluation(string fact, string[] rules)
    {
        _ = rules;
        var c = With(fact);
        Assert.Equal(Engine.Evaluate(c).Select(h => h.TriggerKey), Engine.Evaluate(c).Select(h => h.TriggerKey));
    }

    [Fact]
    public void EveryRuleInTheFile_HasAFactThatFiresIt()
    {
        var tested = Facts.SelectMany(row => (string[])row[1]).ToHashSet(StringComparer.Ordinal);
        var untested = Engine.Rules.Rules.Select(r => r.Id).Except(tested).ToList();
        Assert.True(untested.Count == 0, "rules without a test: " + string.Join(", ", untested));
    }

    [Fact]
    public void PerFactRule_RaisesOnePerExhibit_PerCaseRuleRaisesOne()
    {
        var c = Neutral();
        c.Exhibits.AddRange([Exhibit("syringe", 1), Exhibit("bottle", 2), Exhibit("note", 3)]);
        c.SetSceneFeatures(["note-found"]);
        var hits = Engine.Evaluate(c).ToList();
        Assert.Equal(2, hits.Count(h => h.Rule.Id == "paraphernalia-forensic"));
        Assert.Single(hits, h => h.Rule.Id == "note-handwriting");
        Assert.Contains(hits, h => h.Title == "Forensic submission of exhibit VGL-2026-000001/EX-01 (syringe)");
    }

    [Fact]
    public void Toxicology_InAnOlderDeceased_DoesNotFire_ButUnknownAgeDoes()
    {
        var old = With("tox:GHB");
        old.Deceased.Age = 70;
        Assert.DoesNotContain(Engine.Evaluate(old), h => h.Rule.Id == "toxicology-administration");
        old.Deceased.Age = null;
        Assert.Contains(Engine.Evaluate(old), h => h.Rule.Id == "toxicology-administration");
    }

    [Fact]
    public void PublicPlace_NaturalDeath_NeedsNoCctvTrawl()
    {
        var c = With("setting:park");
        c.Manner = "natural";
        Assert.Empty(Engine.Evaluate(c));
    }

    [Fact]
    public void UnnamedPeople_AreKeyedByRoleAndOrder_SoAResaveDoesNotRaiseAgain()
    {
        var c = Neutral();
        c.People.Add(Person("last-seen-with", name: null));
        var first = Engine.Evaluate(c).Single().TriggerKey;
        c.People[0].PersonId = Guid.CreateVersion7(); // an unnamed person is a new Person on every save
        Assert.Equal(first, Engine.Evaluate(c).Single().TriggerKey);
    }

    [Fact]
    public void RulesFile_WithATypo_IsRefusedAtLoad()
    {
        const string json = """{"version":"x","rules":[{"id":"a","title":"t","detail":"d","priority":"high","mandatory":true,"due_hours":1,"per":"case","any":[{"scene_feature":["note-fund"]}]}]}""";
        var ex = Assert.Throws<InvalidDataException>(() => EnquiryRuleSet.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))));
        Assert.Contains("note-fund", ex.Message, StringComparison.Ordinal);
    }
}
