using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Vigil.Load;

/// <summary>A `vigil serve` child process on a free loopback port (the vigil.dll built beside this tool).</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];
    private readonly List<string> failures = [];
    private int failureLinesToKeep;
    private readonly TaskCompletionSource indexBuilt = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NodeProcess(Process process, string url)
    {
        this.process = process;
        Url = url;
    }

    public string Url { get; }
    public int Id => process.Id;

    public static async Task<NodeProcess> StartAsync(string database, string auditKeyFile, CancellationToken ct)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "vigil.dll"), "serve", "--db", database, "--urls", url])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Vigil__ReadyTimeoutSeconds"] = "30"; // shared, loaded machines: slow is not away here
        start.Environment["VIGIL_AUDIT_KEY_FILE"] = auditKeyFile;
        // Fifty simulated officers sign in from this one address, and the limit is counted across the nodes (ADR 1624).
        start.Environment["Vigil__LoginAttemptsPerMinute"] = "1000";
        // The GC table's bytes from the node's allocation ticks (ADR 3184): the runtime's counter is skewed by DATAS.
        // VIGIL_LOAD_ALLOCATION_TICKS=false runs the nodes without the listener, to see what listening costs them.
        start.Environment["Vigil__AllocationTicks"] = Environment.GetEnvironmentVariable("VIGIL_LOAD_ALLOCATION_TICKS") ?? "true";
        // The one information line the run waits for (logs stay at warning otherwise): see WaitForLinkageIndexAsync.
        start.Environment["Logging__LogLevel__Vigil.Web.Features.Linkage.LinkageEngine"] = "Information";
        var node = new NodeProcess(Process.Start(start)!, url);
        node.process.OutputDataReceived += (_, e) => node.Capture(e.Data);
        node.process.ErrorDataReceived += (_, e) => node.Capture(e.Data);
        node.process.BeginOutputReadLine();
        node.process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        // Minutes, not seconds: on a starved shared machine (load average 70 on 2 cores) a node took 3.5 min to start.
        for (var deadline = DateTime.UtcNow.AddMinutes(6); DateTime.UtcNow < deadline; await Task.Delay(200, ct))
        {
            if (node.process.HasExited) throw new InvalidOperationException($"vigil serve exited:\n{node.Log()}");
            try
            {
                if ((await http.GetAsync($"{url}/health/ready", ct)).IsSuccessStatusCode)
                {
                    // The build reads every compared case: a million-death store on a loaded machine needs far longer.
                    await node.WaitForLinkageIndexAsync(TimeSpan.FromMinutes(30), ct);
                    return node;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // not listening yet
            }
        }
        throw new TimeoutException($"vigil serve did not become ready:\n{node.Log()}");
    }

    /// <summary>A node is ready before its worker has built the linkage index (ADR 1594: it reads every compared case,
    /// a minute or more on a loaded machine); a run started then would measure the build, not a day's work.</summary>
    private async Task WaitForLinkageIndexAsync(TimeSpan wait, CancellationToken ct)
    {
        try
        {
            await indexBuilt.Task.WaitAsync(wait, ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"vigil serve built no linkage index in time:\n{Log()}");
        }
    }

    /// <summary>Keeps the console tail, and every logged failure with the lines that follow it (the exception), so
    /// that an unexpected 500 in a run can be explained from the report alone.</summary>
    private void Capture(string? line)
    {
        if (line is null) return;
        lock (output)
        {
            output.Add(line);
            if (line.Contains("Linkage index built", StringComparison.Ordinal)) indexBuilt.TrySetResult();
            // A redirected node logs JSON lines (the exception inside the line); a terminal gets "fail:" plus lines.
            if (line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || line.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal)
                || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)) failureLinesToKeep = 15;
            if (failureLinesToKeep > 0 && failures.Count < 200)
            {
                failures.Add(line.Length > 4000 ? line[..4000] + " …" : line);
                failureLinesToKeep--;
            }
        }
    }

    /// <summary>The failures this node logged (each with the first lines of its exception).</summary>
    public IReadOnlyList<string> Failures() { lock (output) return [.. failures]; }

    public string Log() { lock (output) return string.Join('\n', output.TakeLast(40)); }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
