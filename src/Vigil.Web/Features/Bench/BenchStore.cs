using Spectre.Console;

namespace Vigil.Web.Features.Bench;

/// <summary>Fills a store to force size for the benchmarks: synthetic cases (no children) and a valid audit chain.
/// Writes go through EF without the audit interceptor: this is load generation, not casework.</summary>
public sealed class BenchStore(IServiceProvider services, string database, AuditHasher hasher)
{
    private static readonly string[] Areas = ["Barking and Dagenham", "Newham", "Tower Hamlets", "Hackney", "Westminster", "Camden", "Lambeth", "Southwark", "Islington", "Brent", "Croydon", "Ealing", "Haringey", "Lewisham", "Greenwich", "Bromley"];
    private static readonly string[] Settings = ["home-own", "home-other", "park", "street", "churchyard", "hotel", "care-home", "water"];
    private static readonly string[] Surnames = ["smith", "jones", "taylor", "brown", "williams", "wilson", "patel", "khan", "okafor", "walsh", "nowak", "hughes", "clarke", "evans", "murphy", "hall"];

    public VigilDbContext NewContext() => UnauditedContext.Create(services, database, "bench");

    /// <summary>A context whose saves write new rows the way an import batch does (ADR 1132, 1501): in bulk, and on
    /// SQLite the batch's search documents indexed once, not by the insert trigger per row. The rows are the same.</summary>
    public VigilDbContext NewBulkContext() => UnauditedContext.Create(services, database, "bench", bulk: true);

    /// <summary>Saves a bulk context's rows in one transaction (the bulk writer runs only inside one).</summary>
    public static async Task SaveBulkAsync(VigilDbContext db, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public static IReadOnlyList<string> AreaNames => Areas;

    public async Task<List<Guid>> EnsureCasesAsync(int target, CancellationToken ct)
    {
        await using var db = NewContext();
        var teams = await EnsureTeamsAsync(db, ct);
        var have = await db.Cases.CountAsync(ct);
        if (have >= target) return teams;
        var random = new Random(have);
        var start = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await AnsiConsole.Progress().StartAsync(async ctx =>
        {
            var task = ctx.AddTask($"generating {target - have:N0} cases", maxValue: target - have);
            for (var done = 0; done < target - have; done += 10_000)
            {
                await using var batch = NewContext();
                batch.ChangeTracker.AutoDetectChangesEnabled = false;
                var n = Math.Min(10_000, target - have - done);
                for (var i = 0; i < n; i++)
                {
                    var number = have + done + i + 1;
                    var found = start.AddMinutes(random.NextDouble() * 26 * 365 * 1440);
                    var name = $"{Surnames[random.Next(Surnames.Length)]} person{number}";
                    batch.Cases.Add(new DeathCase
                    {
                        Reference = $"BEN-{number:0000000}", Source = "bench", SourceRef = $"B{number}", TeamId = teams[random.Next(teams.Count)],
                        FoundAt = found, CreatedAt = found, UpdatedAt = found, Latitude = 51.3 + random.NextDouble() * 0.4, Longitude = -0.4 + random.NextDouble() * 0.6,
                        Area = Areas[random.Next(Areas.Length)], Setting = Settings[random.Next(Settings.Length)],
                        Classification = CaseClassification.All[random.Next(CaseClassification.All.Count)],
                        Deceased = new Deceased { Name = name, NameSearch = CaseRecordMapper.SearchName(name), Age = random.Next(15, 99), Sex = random.Next(2) == 0 ? "male" : "female" },
                    });
                }
                await batch.SaveChangesAsync(ct);
                task.Increment(n);
            }
        });
        return teams;
    }

    public async Task EnsureAuditAsync(long target, CancellationToken ct)
    {
        await using var db = NewContext();
        var last = await db.AuditEntries.OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
        var sequence = last?.Sequence ?? 0;
        var previous = last?.Hash ?? AuditHasher.Genesis;
        if (sequence >= target) return;
        if (sequence == 0) hasher.EnsureKeyForNewChain();
        var at = DateTime.UtcNow;
        await AnsiConsole.Progress().StartAsync(async ctx =>
        {
            var task = ctx.AddTask($"appending {target - sequence:N0} audit entries", maxValue: target - sequence);
            while (sequence < target)
            {
                await using var batch = NewContext();
                batch.ChangeTracker.AutoDetectChangesEnabled = false;
                var n = (int)Math.Min(20_000, target - sequence);
                for (var i = 0; i < n; i++)
                {
                    var entry = new AuditEntry
                    {
                        Sequence = ++sequence, At = AuditHasher.Truncate(at), Actor = "bench", Action = "view", EntityType = "DeathCase",
                        EntityId = $"B{sequence}", Changes = """{"via":"bench"}""", PreviousHash = previous,
                    };
                    entry.Hash = hasher.Hash(entry);
                    previous = entry.Hash;
                    batch.AuditEntries.Add(entry);
                }
                await batch.SaveChangesAsync(ct);
                task.Increment(n);
            }
        });
    }

    private static async Task<List<Guid>> EnsureTeamsAsync(VigilDbContext db, CancellationToken ct)
    {
        for (var i = 1; i <= 8; i++)
            if (!await db.Teams.AnyAsync(t => t.Name == $"Bench team {i}", ct)) db.Teams.Add(new Team { Name = $"Bench team {i}" });
        await db.SaveChangesAsync(ct);
        return await db.Teams.Where(t => t.Name.StartsWith("Bench team")).Select(t => t.Id).ToListAsync(ct);
    }
}
