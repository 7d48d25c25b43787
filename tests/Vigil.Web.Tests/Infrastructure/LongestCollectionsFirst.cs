using System.Globalization;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("Vigil.Web.Tests.Infrastructure.LongestCollectionsFirst", "Vigil.Web.Tests")]

namespace Vigil.Web.Tests.Infrastructure;

/// <summary>Starts the longest test collections first (ADR 3287). xunit 2's conservative algorithm runs two collections
/// at a time and starts the next in this order when one ends; its default order is by a hash of the collections' IDs,
/// so the two shared-host collections (<c>sqlite</c>, <c>postgres</c>: 126 and 139 classes, about 8 minutes each, one
/// class after another) could start half-way through the run and leave the other thread idle for 5 minutes at its end
/// (round 58). Longest first, every short collection fills the gaps and the two threads end within a short collection
/// of each other. The shared-host collections come first; then the per-class collections by the seconds their class
/// took in a whole run (<c>class-seconds.txt</c>, written by <c>scripts/class-seconds.py</c>); unlisted ones last, in
/// xunit's order. A stale or missing list costs only time: the order never changes what a test sees.</summary>
public sealed class LongestCollectionsFirst : ITestCollectionOrderer
{
    private const string PerClassPrefix = "Test collection for ";
    private static readonly Lazy<IReadOnlyDictionary<string, double>> Seconds = new(Read);

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        new DefaultTestCollectionOrderer().OrderTestCollections(testCollections)
            .OrderByDescending(c => c.CollectionDefinition is not null)
            .ThenByDescending(c => Seconds.Value.GetValueOrDefault(c.DisplayName.Replace(PerClassPrefix, "", StringComparison.Ordinal)))
            .ToList();

    /// <summary>Lines of "seconds class" (the class's full name); anything else is skipped.</summary>
    private static IReadOnlyDictionary<string, double> Read()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "class-seconds.txt");
        if (!File.Exists(path)) return new Dictionary<string, double>();
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
                seconds[parts[1]] = s;
        }
        return seconds;
    }
}
