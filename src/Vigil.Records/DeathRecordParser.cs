using System.Text.Json;
using System.Text.Unicode;

namespace Vigil.Records;

/// <summary>What became of one line: a record (with warnings) or the reason it was rejected.</summary>
public sealed record ParsedLine(int LineNumber, DeathRecord? Record, string? Error, IReadOnlyList<string> Warnings)
{
    public bool IsValid => Record is not null;
}

/// <summary>Turns lines of death-record v1 JSON into validated records, rejecting a bad line whole.</summary>
public static class DeathRecordParser
{
    /// <summary>Parses every line of a stream; blank lines are skipped (by the reader, which does not yield them).</summary>
    public static IEnumerable<ParsedLine> Parse(Stream stream, int maxLineBytes = JsonLinesReader.DefaultMaxLineBytes)
    {
        foreach (var raw in JsonLinesReader.ReadLines(stream, maxLineBytes))
            yield return ParseLine(raw, maxLineBytes);
    }

    public static ParsedLine ParseLine(RawLine raw, int maxLineBytes = JsonLinesReader.DefaultMaxLineBytes)
    {
        if (raw.TooLong)
            return Reject(raw.Number, $"line is {raw.Length:N0} bytes; the limit is {maxLineBytes:N0}");
        if (!Utf8.IsValid(raw.Bytes.Span))
            return Reject(raw.Number, "line is not valid UTF-8");
        DeathRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(raw.Bytes.Span, RecordsJsonContext.Default.DeathRecord);
        }
        catch (JsonException ex)
        {
            return Reject(raw.Number, Describe(ex));
        }
        if (record is null) return Reject(raw.Number, "line is JSON null, not a death record");
        var errors = DeathRecordValidator.Validate(record);
        if (errors.Count > 0) return Reject(raw.Number, string.Join("; ", errors));
        var warnings = record.Extra is { Count: > 0 } extra
            ? extra.Keys.Select(k => $"unknown field '{k}' kept as written").ToList()
            : (IReadOnlyList<string>)[];
        return new ParsedLine(raw.Number, record, null, warnings);
    }

    private static ParsedLine Reject(int line, string error) => new(line, null, error, []);

    private static string Describe(JsonException ex)
    {
        var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $" at {ex.Path}";
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        if (message.Contains("missing required properties", StringComparison.Ordinal))
            return $"missing required field{where}: {message}";
        return $"invalid JSON{where}: {message}";
    }
}
