using System.Text.Json;

namespace Vigil.Web.Tests.Hosting;

/// <summary>The runtime settings `vigil` is published with, each measured before it was chosen: read from the
/// runtimeconfig.json that `dotnet vigil.dll` starts with, so dropping one from the project fails here, not in a
/// load run weeks later.</summary>
public sealed class RuntimeSettingsTests
{
    private static JsonElement ConfigProperties()
    {
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "vigil.runtimeconfig.json"));
        return JsonDocument.Parse(file).RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Theory]
    // ADR 1931: idle thread-pool workers block at once instead of spinning on cores shared with PostgreSQL.
    [InlineData("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", "0")]
    // ADR 1625: no instrumented tier; a London import spent a quarter of its CPU on it.
    [InlineData("System.Runtime.TieredPGO", "false")]
    [InlineData("System.GC.Server", "true")]
    public void Vigil_IsPublishedWith(string setting, string value) =>
        Assert.Equal(value, ConfigProperties().GetProperty(setting).ToString(), ignoreCase: true);
}
