using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Vigil.Web.Tests.Infrastructure;

/// <summary>A PostgreSQL cluster of the test's own (scripts/start-postgres.sh), for drills that stop the database: the
/// suite's shared server is never stopped under the other tests.</summary>
public sealed partial class OwnCluster : IAsyncDisposable
{
    private static readonly string Script = FindScript();

    private OwnCluster(string folder, string connectionString) => (Folder, ConnectionString) = (folder, connectionString);

    /// <summary>The cluster's folder (its data, log and port), also a scratch folder for the test.</summary>
    public string Folder { get; }

    /// <summary>Host, port and user; add a Database.</summary>
    public string ConnectionString { get; }

    public static async Task<OwnCluster> StartAsync()
    {
        var output = await RunAsync();
        var cs = ExportPattern().Match(output);
        var dir = FolderPattern().Match(output);
        if (!cs.Success || !dir.Success) throw new InvalidOperationException($"start-postgres.sh printed: {output}");
        return new OwnCluster(dir.Groups[1].Value, cs.Groups[1].Value);
    }

    /// <summary>An immediate stop, as a crash or an operator's kill looks to clients; the data stays.</summary>
    public Task StopAsync() => RunAsync("pause", Folder);

    public Task StartAgainAsync() => RunAsync("resume", Folder);

    public ValueTask DisposeAsync() => new(RunAsync("stop", Folder));

    private static async Task<string> RunAsync(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [Script, .. arguments])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"start-postgres.sh {string.Join(' ', arguments)}: {stderr}");
        return stdout;
    }

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scripts", "start-postgres.sh");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("scripts/start-postgres.sh not found above the test folder");
    }

    [GeneratedRegex("VIGIL_TEST_PG='([^']+)'")]
    private static partial Regex ExportPattern();

    [GeneratedRegex("VIGIL_PG_DIR='([^']+)'")]
    private static partial Regex FolderPattern();
}
