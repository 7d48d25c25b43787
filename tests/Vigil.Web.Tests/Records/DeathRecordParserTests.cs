using System.Text;
using Vigil.Records;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Records;

public sealed class DeathRecordParserTests
{
    private static List<ParsedLine> Parse(params string[] lines) => Parse(Encoding.UTF8.GetBytes(string.Join("\n", lines)));

    private static List<ParsedLine> Parse(byte[] bytes) => DeathRecordParser.Parse(new MemoryStream(bytes)).ToList();

    [Fact]
    public void SpecExample_Parses_WithLegacyClassificationKept()
    {
        var line = Assert.Single(Parse(Samples.ExampleLine));
        Assert.True(line.IsValid, line.Error);
        Assert.Equal("LB-2015-004211", line.Record!.Ref);
        Assert.Equal("non-suspicious", line.Record.Classification);
        Assert.Equal("unexpected-not-suspicious", Vocabulary.MapClassification(line.Record.Classification));
        Assert.Equal(new DateTimeOffset(2015, 3, 2, 7, 20, 0, TimeSpan.Zero), line.Record.FoundAt);
    }

    [Fact]
    public void MalformedLine_IsRejectedWithItsNumber_AndTheRestStillParse()
    {
        var lines = Parse(Samples.ExampleLine, "{\"ref\": \"broken\", ", Samples.ExampleLine.Replace("LB-2015-004211", "LB-2"));
        Assert.Equal([1, 2, 3], lines.Select(l => l.LineNumber));
        Assert.True(lines[0].IsValid);
        Assert.False(lines[1].IsValid);
        Assert.Contains("invalid JSON", lines[1].Error);
        Assert.True(lines[2].IsValid);
    }

    [Theory]
    [InlineData("\"lat\":51.5079", "\"lat\":\"north\"", "location.lat")]
    [InlineData("\"setting\":\"churchyard\"", "\"setting\":\"moon\"", "location.setting 'moon'")]
    [InlineData("\"role\":\"finder\"", "\"role\":\"accomplice\"", "people[0].role 'accomplice'")]
    [InlineData("\"age\":24", "\"age\":240", "deceased.age")]
    [InlineData("\"classification\":\"non-suspicious\"", "\"classification\":\"fine\"", "classification 'fine'")]
    [InlineData("\"scene_features\":[\"body-moved\",", "\"scene_features\":[\"levitating\",", "scene_features 'levitating'")]
    [InlineData("\"found_at\":\"2015-03-02T07:20:00Z\"", "\"found_at\":\"yesterday\"", "RFC 3339")]
    public void WrongTypesAndUnknownEnums_AreRejectedWithTheField(string original, string replacement, string expected)
    {
        var line = Assert.Single(Parse(Samples.ExampleLine.Replace(original, replacement, StringComparison.Ordinal)));
        Assert.False(line.IsValid);
        Assert.Contains(expected, line.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingRequiredField_IsRejected()
    {
        var line = Assert.Single(Parse(Samples.ExampleLine.Replace("\"found_at\":\"2015-03-02T07:20:00Z\",", "", StringComparison.Ordinal)));
        Assert.False(line.IsValid);
        Assert.Contains("found_at", line.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TenMegabyteString_IsRejectedAsTooLong_WithoutBufferingIt()
    {
        var huge = Samples.ExampleLine.Replace("Found by a dog walker", new string('x', 10 * 1024 * 1024), StringComparison.Ordinal);
        var lines = Parse(Samples.ExampleLine, huge, Samples.ExampleLine);
        Assert.Equal(3, lines.Count);
        Assert.False(lines[1].IsValid);
        Assert.Contains("limit", lines[1].Error, StringComparison.Ordinal);
        Assert.True(lines[2].IsValid);
    }

    [Fact]
    public void InvalidUtf8_IsRejected()
    {
        var good = Encoding.UTF8.GetBytes(Samples.ExampleLine + "\n");
        var bad = Encoding.UTF8.GetBytes(Samples.ExampleLine.Replace("Daniel", "Dan\u00e9", StringComparison.Ordinal));
        var index = Array.IndexOf(bad, (byte)0xC3);
        bad[index + 1] = 0x28; // a lead byte followed by a non-continuation byte
        var lines = Parse([.. good, .. bad]);
        Assert.True(lines[0].IsValid);
        Assert.False(lines[1].IsValid);
        Assert.Contains("UTF-8", lines[1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedLastLine_IsRejected_BlankLinesSkipped()
    {
        var lines = Parse(Samples.ExampleLine, "", "   ", Samples.ExampleLine[..200]);
        Assert.Equal(2, lines.Count);
        Assert.Equal(4, lines[1].LineNumber);
        Assert.False(lines[1].IsValid);
    }

    [Fact]
    public void UnknownFields_AreKeptAndWarned()
    {
        var line = Assert.Single(Parse(Samples.ExampleLine.Replace("\"ref\":", "\"coroner_area\":\"Inner North\",\"ref\":", StringComparison.Ordinal)));
        Assert.True(line.IsValid);
        Assert.Contains(line.Warnings, w => w.Contains("coroner_area", StringComparison.Ordinal));
        Assert.Contains("coroner_area", DeathRecordWriter.ToJson(line.Record!), StringComparison.Ordinal);
    }

    [Fact]
    public void HostileStrings_AreDataNotMarkup()
    {
        var hostile = Samples.ExampleLine.Replace("Daniel Brook", "<script>alert(1)</script>'; DROP TABLE cases;--", StringComparison.Ordinal);
        var line = Assert.Single(Parse(hostile));
        Assert.True(line.IsValid);
        Assert.Equal("<script>alert(1)</script>'; DROP TABLE cases;--", line.Record!.Deceased!.Name);
    }

    [Fact]
    public void WriteThenParse_RoundTrips()
    {
        var original = Samples.Record(source: "s");
        var again = Assert.Single(Parse(DeathRecordWriter.ToJson(original))).Record!;
        Assert.Equal(DeathRecordWriter.ToJson(original), DeathRecordWriter.ToJson(again));
    }

    [Fact]
    public void GzipInput_IsDetectedByMagicNumber()
    {
        using var compressed = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            gz.Write(Encoding.UTF8.GetBytes(Samples.ExampleLine + "\n" + Samples.ExampleLine));
        compressed.Position = 0;
        var lines = DeathRecordParser.Parse(JsonLinesReader.WrapMaybeGzip(compressed)).ToList();
        Assert.Equal(2, lines.Count(l => l.IsValid));
    }
}
