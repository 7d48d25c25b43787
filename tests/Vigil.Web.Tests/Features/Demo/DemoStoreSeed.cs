using Microsoft.Extensions.DependencyInjection;
using Vigil.Web.Features.Demo;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Demo;

/// <summary>A test app's store seeded as `vigil demo` seeds it: demo users, then the deaths day by day with the story.</summary>
internal static class DemoStoreSeed
{
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
