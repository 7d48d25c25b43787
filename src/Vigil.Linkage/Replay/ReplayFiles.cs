using System.Text.Json;

namespace Vigil.Linkage.Replay;

/// <summary>Reads the files evaluation works on: replay outputs, truth (<c>ref,series</c>) and kinds (<c>series,archetype</c>).</summary>
public static class ReplayFiles
{
    /// <summary>Reads a replay output file.</summary>
    public static List<ReplayLine> ReadReplay(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadReplay(stream);
    }

    /// <summary>Reads replay output lines from a stream.</summary>
    public static List<ReplayLine> ReadReplay(Stream stream)
    {
        var lines = new List<ReplayLine>();
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } text)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            var candidates = root.GetProperty("candidates").EnumerateArray()
                .Select(c => (c.GetProperty("ref").GetString()!, c.GetProperty("score").GetDouble(), c.GetProperty("alert").GetBoolean()))
                .ToList();
            lines.Add(new ReplayLine(root.GetProperty("ref").GetString()!, candidates));
        }
        return lines;
    }

    /// <summary>Reads a truth CSV (<c>ref,series</c> with a header).</summary>
    public static Dictionary<string, string> ReadTruth(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadPairs(stream);
    }

    /// <summary>Reads a kinds CSV (<c>series,archetype</c> with a header): the kind of offender behind each series.</summary>
    public static Dictionary<string, string> ReadKinds(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadPairs(stream);
    }

    /// <summary>Reads a two-column CSV with a header into a map from the first column to the second.</summary>
    public static Dictionary<string, string> ReadPairs(Stream stream)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(',');
            if (parts.Length >= 2 && parts[0].Trim().Length > 0) map[parts[0].Trim()] = parts[1].Trim();
        }
        return map;
    }
}
