using Vigil.Web.Cli;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Cli;

/// <summary>A verb whose configuration or store is wrong ends in one line on stderr and a non-zero exit code, never a
/// stack trace (CliServices.Guard): what an operator sees when a key or a database is missing.</summary>
[Collection(Vigil.Web.Tests.Features.Linkage.ConsoleCollection.Name)]
public sealed class CliFaultTests : IDisposable
{
    /// <summary>Nothing listens on port 1: the connection is refused at once.</summary>
    private const string Unreachable = "Host=127.0.0.1;Port=1;Database=vigil;Username=vigil;Password=x;Timeout=3";

    private readonly TextWriter original = Console.Error;
    private readonly StringWriter error = new();

    public CliFaultTests() => Console.SetError(error);

    public void Dispose()
    {
        Console.SetError(original);
        Environment.SetEnvironmentVariable("VIGIL_AUDIT_KEY", null);
    }

    /// <summary>A real PostgreSQL store, migrated with its key, then used by a verb run without it: the write that
    /// needs the key stops with the key's message (exit 2), not a trace.</summary>
    [Fact]
    public async Task PostgreSqlWithoutItsAuditKey_PrintsOneMessage_AndExitsWithUsage()
    {
        var database = "vigil_cli_" + Guid.NewGuid().ToString("N")[..12];
        await PostgresServer.CreateDatabaseAsync(database);
        try
        {
            var db = $"{PostgresServer.ConnectionString};Database={database}";
            Environment.SetEnvironmentVariable("VIGIL_AUDIT_KEY", Convert.ToBase64String(new byte[32]));
            Assert.True(await VigilCli.RunAsync(["migrate", "--db", db]) == VigilCli.Ok, error.ToString());
            Assert.True(await VigilCli.RunAsync(["users", "create", "ivy", "--role", "investigator", "--team", "East", "--password", "long enough password", "--db", db]) == VigilCli.Ok, error.ToString());
            error.GetStringBuilder().Clear();
            Environment.SetEnvironmentVariable("VIGIL_AUDIT_KEY", null);
            var code = await VigilCli.RunAsync(["users", "create", "ola", "--role", "investigator", "--team", "East", "--password", "long enough password", "--db", db]);
            AssertOneMessage(code, "audit key");
            Assert.Equal(VigilCli.Usage, code);
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    [Theory]
    [InlineData("audit", "verify")]
    [InlineData("export", "--out", "/dev/null")]
    public async Task AnUnreachableDatabase_PrintsOneMessage_AndExitsFailed(params string[] verb)
    {
        Environment.SetEnvironmentVariable("VIGIL_AUDIT_KEY", Convert.ToBase64String(new byte[32]));
        var code = await VigilCli.RunAsync([.. verb, "--db", Unreachable]);
        AssertOneMessage(code, "error:");
    }

    private void AssertOneMessage(int code, string expected)
    {
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEqual(VigilCli.Ok, code);
        Assert.True(lines.Length == 1, "expected one line on stderr, got:\n" + error);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", error.ToString(), StringComparison.Ordinal);
    }
}
