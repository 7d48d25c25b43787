using System.Text.Json;
using Vigil.Linkage.Index;
using Vigil.Linkage.Model;
using Vigil.Records;

namespace Vigil.Linkage.Replay;

/// <summary>What a replay did.</summary>
/// <param name="Records">Records entered.</param>
/// <param name="Rejected">Lines rejected by the parser.</param>
/// <param name="Alerts">Records that raised at least one alert.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record ReplaySummary(int Records, int Rejected, int Alerts, TimeSpan Elapsed);

/// <summary>The <c>vigil replay</c> verb: enters a file's deaths in <c>found_at</c> order, each compared only
/// with those entered before it, and writes one JSON line per death with its top candidates. Never reads truth.</summary>
public static class LinkageReplay
{
    /// <summary>Replays a death-record v1 file (gzip or plain) to a JSON-lines file.</summary>
    public static ReplaySummary Replay(string recordsPath, string outPath, LinkageModel? model = null, LinkageOptions? options = null)
    {
        using var input = JsonLinesReader.OpenMaybeGzip(recordsPath);
        using var output = File.Create(outPath);
        return Replay(input, output, model ?? LinkageModel.Default(), options ?? new LinkageOptions());
    }

    /// <summary>Replays records from a stream to a stream.</summary>
    public static ReplaySummary Replay(Stream records, Stream output, LinkageModel model, LinkageOptions options)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (deaths, rejected) = ReadRecords(records);
        var index = new LinkageIndex(model, options);
        var alerts = 0;
        using var writer = new Utf8JsonWriter(output);
        foreach (var death in deaths)
        {
            var r = index.Extractor.Extract(death);
            var assessment = index.Assess(r);
            var candidates = assessment.Candidates;
            index.Add(r, assessment);
            if (candidates.Any(c => c.Alert)) alerts++;
            writer.WriteStartObject();
            writer.WriteString("ref", r.Ref);
            writer.WriteStartArray("candidates");
            foreach (var c in candidates)
            {
                writer.WriteStartObject();
                writer.WriteString("ref", c.Earlier.Ref);
                writer.WriteNumber("score", c.Score.Probability);
                writer.WriteBoolean("alert", c.Alert);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
            output.WriteByte((byte)'\n');
            writer.Reset();
        }
        return new ReplaySummary(deaths.Count, rejected, alerts, clock.Elapsed);
    }

    /// <summary>Reads valid records with <see cref="DeathRecordParser"/>, sorted by <c>found_at</c> (ties keep file
    /// order); rejected lines are counted, not fatal.</summary>
    public static (List<DeathRecord> Records, int Rejected) ReadRecords(Stream stream)
    {
        var records = new List<DeathRecord>();
        var rejected = 0;
        foreach (var line in DeathRecordParser.Parse(stream))
        {
            if (line.Record is { } r) records.Add(r);
            else rejected++;
        }
        return ([.. records.OrderBy(r => r.FoundAt)], rejected);
    }

    /// <summary>Reads valid records from a file, sorted by <c>found_at</c>.</summary>
    public static List<DeathRecord> ReadRecords(string path)
    {
        using var stream = JsonLinesReader.OpenMaybeGzip(path);
        return ReadRecords(stream).Records;
    }
}
