using System.Text.Json;

namespace Vigil.Records;

/// <summary>Writes death-record v1 JSON lines.</summary>
public static class DeathRecordWriter
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static void WriteLine(Stream stream, DeathRecord record)
    {
        JsonSerializer.Serialize(stream, record, RecordsJsonContext.Default.DeathRecord);
        stream.Write(NewLine);
    }

    public static string ToJson(DeathRecord record) => JsonSerializer.Serialize(record, RecordsJsonContext.Default.DeathRecord);
}
