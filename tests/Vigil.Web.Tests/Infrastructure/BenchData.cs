using Vigil.Records;

namespace Vigil.Web.Tests.Infrastructure;

/// <summary>The linkage benchmark's synthetic deaths: the copy in the repository (tests/data/linkage-bench, so a fresh
/// clone anywhere runs every test), or where VIGIL_BENCH_DATA points.</summary>
public static class BenchData
{
    public static string Folder()
    {
        if (Environment.GetEnvironmentVariable("VIGIL_BENCH_DATA") is { Length: > 0 } given) return given;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "data", "linkage-bench");
            if (File.Exists(Path.Combine(candidate, "london-deaths.jsonl.gz"))) return candidate;
        }
        throw new FileNotFoundException("tests/data/linkage-bench not found above the test folder; set VIGIL_BENCH_DATA");
    }

    /// <summary>The first <paramref name="count"/> London records (all of them when null).</summary>
    public static List<DeathRecord> London(int? count)
    {
        using var input = JsonLinesReader.OpenMaybeGzip(Path.Combine(Folder(), "london-deaths.jsonl.gz"));
        var lines = DeathRecordParser.Parse(input).Select(l => l.Record!);
        return (count is { } n ? lines.Take(n) : lines).ToList();
    }
}
