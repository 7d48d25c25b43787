using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Web.Cli;
using Vigil.Web.Features.Users;
using Vigil.Web.Hosting;

namespace Vigil.Web.Tests.Infrastructure;

/// <summary>One `vigil serve` process on a free loopback port, as an operator runs it (Production environment,
/// its own process, the real executable), for tests of several nodes on one store and of faults (kill -9).</summary>
public sealed class VigilNode : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];

    private VigilNode(Process process, string baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }
    public int ProcessId => process.Id;
    public bool HasExited => process.HasExited;

    public static async Task<VigilNode> StartAsync(SharedStore store, IDictionary<string, string>? environment = null)
    {
        // The free port is free when asked, not when the node binds it: another process (a test's node, a connection's
        // own end) may take it in between. A node that could not bind is started again on another port.
        for (var attempt = 1; ; attempt++)
        {
            var node = Start(store, environment);
            try
            {
                // Minutes, not seconds: on a starved shared machine (load average 70 on 2 cores) a node took 3.5 min to start.
                await node.WaitReadyAsync(TimeSpan.FromMinutes(6));
                return node;
            }
            catch (InvalidOperationException) when (attempt < 3 && node.Log().Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await node.DisposeAsync();
            }
            catch
            {
                await node.DisposeAsync();
                throw;
            }
        }
    }

    private static VigilNode Start(SharedStore store, IDictionary<string, string>? environment)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var dll = Path.Combine(AppContext.BaseDirectory, "vigil.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", dll, "serve", "--db", store.Database, "--urls", url])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = store.Folder,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Vigil__ReadyTimeoutSeconds"] = "30"; // shared, loaded machines: slow is not away here
        start.Environment["VIGIL_AUDIT_KEY_FILE"] = store.AuditKeyFile;
        start.Environment["Vigil__LogFormat"] = "simple";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        var node = new VigilNode(Process.Start(start)!, url);
        node.process.OutputDataReceived += (_, e) => node.Capture(e.Data);
        node.process.ErrorDataReceived += (_, e) => node.Capture(e.Data);
        node.process.BeginOutputReadLine();
        node.process.BeginErrorReadLine();
        return node;
    }

    private void Capture(string? line)
    {
        if (line is null) return;
        lock (output) output.Add(line);
    }

    public string Log() { lock (output) return string.Join('\n', output.TakeLast(80)); }

    public async Task WaitReadyAsync(TimeSpan within)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"vigil serve exited ({process.ExitCode}):\n{Log()}");
            try
            {
                if ((await http.GetAsync($"{BaseUrl}/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"vigil serve did not become ready:\n{Log()}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no draining, exactly what a crashed node looks like to the others.</summary>
    public async Task KillAsync()
    {
        if (process.HasExited) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A store (a fresh PostgreSQL database, or an SQLite file) and audit key that several nodes share,
/// migrated, with services for setting it up and inspecting it from the test.</summary>
public sealed class SharedStore : IAsyncDisposable
{
    private readonly string? pgDatabase;

    private SharedStore(string folder, string database, string? pgDatabase)
    {
        Folder = folder;
        Database = database;
        this.pgDatabase = pgDatabase;
    }

    public string Folder { get; }
    public string Database { get; }
    public string AuditKeyFile => Path.Combine(Folder, "audit.key");
    public Dictionary<string, string?> Settings => new() { ["Vigil:Database"] = Database, ["Vigil:AuditKeyFile"] = AuditKeyFile };

    /// <param name="copyAuditKeyFrom">Another store's key file, copied in (a restore target verifies the backed-up
    /// chain under the key it was written with, and starts its own head record).</param>
    /// <param name="migrate">False for a store with no schema at all.</param>
    public static async Task<SharedStore> CreateAsync(string provider, string? copyAuditKeyFrom = null, bool migrate = true)
    {
        var folder = Path.Combine(Path.GetTempPath(), "vigil-nodes-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string? pg = null;
        var database = Path.Combine(folder, "vigil.db");
        if (provider == "postgres")
        {
            pg = "vigil_nodes_" + Guid.NewGuid().ToString("N")[..12];
            await PostgresServer.CreateDatabaseAsync(pg);
            database = $"{PostgresServer.ConnectionString};Database={pg}";
        }
        var store = new SharedStore(folder, database, pg);
        if (copyAuditKeyFrom is not null) File.Copy(copyAuditKeyFrom, store.AuditKeyFile);
        if (!migrate) return store;
        await using var services = store.Services();
        await DataSetup.MigrateAsync(services);
        return store;
    }

    /// <summary>The CLI's services on this store (what `vigil users create` and friends use).</summary>
    public ServiceProvider Services() => CliServices.Build(Settings);

    /// <summary>A second node's services in all but process: its own engine, worker and in-process gate on this store
    /// (PostgreSQL: another connection string, so another pool).</summary>
    public ServiceProvider SecondNodeServices() => pgDatabase is null ? Services()
        : CliServices.Build(new Dictionary<string, string?>(Settings) { ["Vigil:Database"] = Database + ";Application Name=second-node" });

    public async Task<TestUser> CreateUserAsync(string role, string team)
    {
        await using var services = Services();
        await using var scope = services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdmin>();
        var name = $"{role}-{Guid.NewGuid():N}"[..24];
        var user = await admin.CreateAsync(name, name, VigilAppFactory.Password, [role], [team], default);
        var teamId = (await admin.EnsureTeamAsync(team, default)).Id;
        var token = await admin.CreateTokenForAsync(user.Id, "test", TimeSpan.FromDays(1), default);
        return new TestUser(user.Id, name, role, team, teamId, token.Secret);
    }

    public async ValueTask DisposeAsync()
    {
        if (pgDatabase is not null) await PostgresServer.DropDatabaseAsync(pgDatabase);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { /* a late handle; the OS temp cleaner takes it */ }
    }
}
