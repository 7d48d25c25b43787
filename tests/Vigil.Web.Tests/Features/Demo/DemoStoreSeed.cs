using Microsoft.Extensions.DependencyInjection;
using Vigil.Web.Features.Demo;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Demo;

/// <summary>A test app's store seeded as `vigil demo` seeds it: demo users, then the deaths day by day with the story.</summary>
internal static class DemoStoreSeed
{
    /// <summary>The test host's settings: `vigil demo` seeds before its web host starts, so nothing but the seed links
    /// the store. A test host linking beside it compared some deaths on a second index with the real clock (round 34:
    /// one run in many ended with two series where the story has one; the cross-node part of it was a real fault, now
    /// covered by <c>CatchUpAcrossNodesTests</c>).</summary>
    public static IReadOnlyDictionary<string, string> HostSettings { get; } = new Dictionary<string, string> { ["Vigil:Linkage:Enabled"] = "false" };

    public static async Task SeedAsync(VigilAppFactory app, int records)
    {
        await app.InitializeAsync();
        await app.WithScopeAsync(_ => Task.FromResult(0)); // migrate
        var generated = DemoCommand.Generate(records);
        var clock = new DemoClock(generated.Min(r => r.FoundAt.UtcDateTime).AddDays(-1));
        await using var cli = DemoCommand.BuildServices(new Dictionary<string, string?> { ["Vigil:Database"] = app.Database, ["Vigil:AuditKeyFile"] = app.AuditKeyFile }, clock);
        await DemoCommand.SeedAsync(cli, clock, generated, default);
    }
}
