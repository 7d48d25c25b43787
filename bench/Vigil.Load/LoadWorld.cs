using Vigil.Records;
using Vigil.Web.Features.Demo;

namespace Vigil.Load;

/// <summary>What the simulated officers work on: their team's cases, words to search for, and new deaths to import.</summary>
public sealed class LoadWorld(Guid teamId, IReadOnlyList<Guid> cases, IReadOnlyList<string> searchTerms, string importSource)
{
    private readonly DemoGenerator generator = new(seed: Environment.TickCount);
    private readonly Lock gate = new();

    public Guid TeamId { get; } = teamId;
    public IReadOnlyList<Guid> Cases { get; } = cases;
    public IReadOnlyList<string> SearchTerms { get; } = searchTerms;
    public string ImportSource { get; } = importSource;

    public IReadOnlyList<DeathRecord> NewRecords(Random random, int count)
    {
        lock (gate)
        {
            var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(random.Next(600));
            return generator.Generate(count, start, start.AddDays(30))
                .Select(r => r with { Ref = $"load-{Guid.NewGuid():N}", Source = ImportSource }).ToList();
        }
    }
}
