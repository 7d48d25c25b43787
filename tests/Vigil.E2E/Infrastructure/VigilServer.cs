using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Vigil.E2E.Infrastructure;

/// <summary>Runs `vigil demo` (fresh SQLite store, synthetic deaths, one user per role) as a real process on a free
/// loopback port, exactly as a new user would, and stops it afterwards.</summary>
public sealed class VigilServer : IAsyncLifetime
{
    public const string Password = "vigil-demo-2026";
    private string folder = NewFolder();
    private Process? process;
    private readonly List<string> output = [];

    public string BaseUrl { get; private set; } = "";
    public string Folder => folder;

    public async Task InitializeAsync()
    {
        // The free port is free when asked, not when the server binds it: another process may take it in between. A
        // server that could not bind is started again, on another port and in a fresh folder.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && Log().Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await DisposeAsync();
                folder = NewFolder();
                lock (output) output.Clear();
            }
        }
    }

    private static string NewFolder() => Path.Combine(Path.GetTempPath(), "vigil-e2e-" + Guid.NewGuid().ToString("N"));

    private async Task StartAsync()
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var dll = Path.Combine(AppContext.BaseDirectory, "vigil.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", dll, "demo", "--dir", folder, "--records", "400", "--urls", BaseUrl])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Every journey signs in from 127.0.0.1, over 40 times in all: on a fast machine more than the 30 a clock minute
        // one address may try (ADR 1624), and a sign-in got "Too many attempts". The limit itself is SignInLimitTests'.
        start.Environment["Vigil__LoginAttemptsPerMinute"] = "1000";
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) if (e.Data is not null) output.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) if (e.Data is not null) output.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        // Generous: on a small shared machine the demo store (migrations, 400 deaths, rules, linkage) can take minutes.
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException("vigil demo exited:\n" + Log());
            try
            {
                if ((await http.GetAsync($"{BaseUrl}/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet, or too starved to answer within the client's timeout
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("vigil demo did not become healthy:\n" + Log());
    }

    public string Log() { lock (output) return string.Join('\n', output.TakeLast(60)); }

    public async Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process?.Dispose();
        process = null;
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { /* best effort */ }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
