using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using Vigil.Records;
using Vigil.Web.Features.Fhir;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Fhir;

/// <summary>death-record → FHIR R4 document → death-record keeps every field the mapping covers, and the Firely
/// validator (base R4 specification, offline) finds no error in what Vigil writes.</summary>
public sealed class FhirBundleTests
{
    private static readonly Lazy<Validator> R4 = new(() =>
    {
        var resolver = new CachedResolver(ZipSource.CreateValidationSource(), 3600);
        return new Validator(resolver.AsAsync(), new LocalTerminologyService(resolver.AsAsync()));
    });

    private static FhirCaseInfo Info(DeathRecord r) =>
        new(Guid.NewGuid(), "VGL-2015-000042", Vocabulary.MapClassification(r.Classification) ?? "unexpected-under-investigation", "East Area MIT", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));

    /// <summary>Exhibits and extra fields are not in the FHIR mapping (docs/interop.md); people have no order in it.</summary>
    private static string Covered(DeathRecord r) => DeathRecordWriter.ToJson(r with
    {
        Exhibits = null,
        Extra = null,
        People = [.. (r.People ?? []).OrderBy(p => p.Role, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)],
    });

    public static IEnumerable<object[]> Records() =>
        BenchData.London(120).Where((_, i) => i % 3 == 0).Append(Samples.Record(source: "t") with { Classification = "suspicious", Narrative = "Line one.\nLine <two> & \"three\"." })
            .Select(r => new object[] { r });

    [Theory]
    [MemberData(nameof(Records))]
    public void DeathRecord_ThroughFhirJson_ComesBackTheSame(DeathRecord record)
    {
        var json = FhirJson.Serialize(FhirBundleWriter.Write(record, Info(record)));
        var (bundle, error) = FhirJson.ParseBundle(json);
        Assert.Null(error);
        var (back, problems) = FhirBundleReader.Read(bundle!);
        Assert.Empty(problems);
        Assert.Equal(Covered(record), Covered(back!));
    }

    [Fact]
    public void GeneratedBundles_HaveNoValidationErrors_AgainstBaseR4()
    {
        foreach (var record in Records().Select(r => (DeathRecord)r[0]).Take(12))
        {
            var outcome = R4.Value.Validate(FhirBundleWriter.Write(record, Info(record)));
            var errors = outcome.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
                .Select(i => $"{string.Join(",", i.Expression)}: {i.Details?.Text}").ToList();
            Assert.True(errors.Count == 0, $"{record.Ref}: {string.Join("\n", errors)}");
        }
    }

    [Fact]
    public void TheValidator_CanFail_OnABrokenBundle()
    {
        var bundle = FhirBundleWriter.Write(Samples.Record(), Info(Samples.Record()));
        ((Hl7.Fhir.Model.Composition)bundle.Entry[0].Resource!).Status = null; // Composition.status is 1..1 in R4
        var outcome = R4.Value.Validate(bundle);
        Assert.Contains(outcome.Issue, i => i.Severity is OperationOutcome.IssueSeverity.Error);
    }

    [Fact]
    public void ABundleThatIsNotADocument_OrLacksWhereAndWhen_IsRefusedWithReasons()
    {
        var bundle = FhirBundleWriter.Write(Samples.Record(), Info(Samples.Record()));
        bundle.Type = Bundle.BundleType.Collection;
        bundle.Entry.RemoveAll(e => e.Resource is Location);
        var (record, problems) = FhirBundleReader.Read(bundle);
        Assert.Null(record);
        Assert.Contains(problems, p => p.Contains("not a document", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Location", StringComparison.Ordinal));
        Assert.NotNull(FhirJson.ParseBundle("""{"resourceType":"Bundle","type":"document","bogus":1}""").Error);
    }
}
