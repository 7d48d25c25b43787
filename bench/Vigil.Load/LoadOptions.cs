namespace Vigil.Load;

public sealed class LoadOptions
{
    /// <summary>The store the nodes serve (for setting up users and checking writes afterwards).</summary>
    public required string Database { get; init; }
    public required string AuditKeyFile { get; init; }
    /// <summary>Nodes to drive; filled with the started nodes' addresses when <see cref="StartNodes"/> is above 0.</summary>
    public List<string> Urls { get; init; } = [];
    public int StartNodes { get; init; }
    public int Users { get; init; } = 50;
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>Steps run before the measured part and not counted (views and query plans compiled, caches filled).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;
    public int ThinkMinMs { get; init; } = 250;
    public int ThinkMaxMs { get; init; } = 750;
    public int SeedCases { get; init; } = 2000;
    public int ImportBatch { get; init; } = 5;
    /// <summary>A request unanswered after this long counts as an error.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>When set, each user makes exactly this many steps, cycling through every kind of step in turn (the
    /// CI mode: the same coverage however slow the machine), and <see cref="Duration"/> is only a cap.</summary>
    public int? StepsPerUser { get; init; }
    /// <summary>One supervisor (who also imports) in this many users.</summary>
    public int SupervisorEvery { get; init; } = 5;

    /// <summary>The CI mode: a few users for a short while, same checks.</summary>
    public static LoadOptions Short(string database, string auditKeyFile, int nodes) => new()
    {
        Database = database, AuditKeyFile = auditKeyFile, StartNodes = nodes, Users = 4, Duration = TimeSpan.FromMinutes(10),
        StepsPerUser = 2 * VirtualUser.StepKinds, ThinkMinMs = 20, ThinkMaxMs = 100, SeedCases = 50, SupervisorEvery = 2,
        RequestTimeout = TimeSpan.FromMinutes(3), // CI machines are shared: a slow answer there is not this test's failure
    };
}

public sealed record LoadUser(string UserName, string Password, string Token, bool IsSupervisor);
