using System.IO.Compression;
using Vigil.Records;

namespace Vigil.Bench;

/// <summary>`generate N FILE`: the scale run's deaths as a death-record v1 file (gzip when FILE ends in .gz), for
/// importing a force-sized store through `vigil import`. Each death also gets what an import has to store and index
/// that the linkage-only generator leaves out: the deceased's name, a narrative and a source.</summary>
public static class GeneratedFile
{
    private static readonly string[] Scenes =
    [
        "Found at home by a relative. No sign of forced entry.",
        "Found in the street by a member of the public. Ambulance called; life pronounced extinct at the scene.",
        "Found in a hostel room by staff. Drug paraphernalia nearby.",
        "Found in a park by a dog walker early in the morning.",
        "Found in bed by a carer on a morning visit. Had been unwell.",
    ];

    public static void Write(string path, int count, int seed)
    {
        using var file = File.Create(path);
        using Stream output = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionLevel.Fastest) : file;
        using var buffered = new BufferedStream(output, 1 << 16);
        var random = new Random(seed + 1);
        var i = 0;
        foreach (var death in Generator.Deaths(count, seed))
        {
            var person = death.People?.FirstOrDefault()?.Name?.Split(' ');
            DeathRecordWriter.WriteLine(buffered, death with
            {
                Source = "generated",
                Narrative = Scenes[random.Next(Scenes.Length)],
                Deceased = death.Deceased! with { Name = $"{person?[0] ?? "Alex"} {Generator.Surname(random)}" },
            });
            if (++i % 100_000 == 0) Console.Error.WriteLine($"{i:N0} written");
        }
    }
}
