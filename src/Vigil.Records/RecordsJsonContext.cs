using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Records;

/// <summary>Source-generated serialisation: import parses millions of lines, so no reflection per line.</summary>
[JsonSourceGenerationOptions(
    Converters = [typeof(UtcTimestampConverter)],
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(DeathRecord))]
public sealed partial class RecordsJsonContext : JsonSerializerContext;

/// <summary>Reads any RFC 3339 offset and writes UTC with a Z, as the format's examples do.</summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is null || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value) || !text.Contains('T', StringComparison.Ordinal))
            throw new JsonException($"'{(text is { Length: > 40 } ? text[..40] + "…" : text)}' is not an RFC 3339 timestamp");
        return value.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        var utc = value.UtcDateTime;
        var format = utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";
        writer.WriteStringValue(utc.ToString(format, CultureInfo.InvariantCulture));
    }
}
