using System.Globalization;
using Npgsql;

namespace Vigil.Load;

/// <summary>CPU seconds (user + system, from /proc) of each process a run drives, read before and after the measured
/// part: each node, PostgreSQL (the postmaster and every backend of the store's cluster, exited backends through the
/// postmaster's reaped-children times) and this generator. Divided by the requests served, it says where a request's
/// CPU goes on a machine that runs them all. Linux only; on other systems, or for a cluster on another host, the
/// missing rows are left out.</summary>
public sealed class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ: 100 on every Linux ABI .NET runs on
    private readonly List<(string Name, Func<double> Read)> processes = [];
    private double[] start = [];

    public static async Task<ProcessCpu> ForAsync(string database, IReadOnlyList<(string Name, int Pid)> nodes, CancellationToken ct)
    {
        var cpu = new ProcessCpu();
        if (!File.Exists("/proc/self/stat")) return cpu;
        foreach (var (name, pid) in nodes) cpu.processes.Add((name, () => Seconds(pid, children: false)));
        if (await PostmasterAsync(database, ct) is { } postmaster) cpu.processes.Add(("PostgreSQL", () => ClusterSeconds(postmaster)));
        cpu.processes.Add(("generator (vigil-load)", () => Seconds(Environment.ProcessId, children: false)));
        return cpu;
    }

    public void Start() => start = [.. processes.Select(p => p.Read())];

    /// <summary>One line per process: CPU seconds in the measured part, ms per request served, share of the total.</summary>
    public string Report(long requests, TimeSpan elapsed)
    {
        if (processes.Count == 0) return "CPU by process: not available (no /proc)";
        var used = processes.Select((p, i) => p.Read() - start[i]).ToList();
        var total = used.Sum();
        var lines = new List<string> { string.Create(CultureInfo.InvariantCulture, $"{"CPU by process (measured part)",-44} {"cpu s",8} {"ms/req",8} {"share",7} {"cores",6}") };
        for (var i = 0; i < processes.Count; i++) lines.Add(Line(processes[i].Name, used[i]));
        lines.Add(Line("all", total));
        return string.Join('\n', lines);

        string Line(string name, double seconds) => string.Create(CultureInfo.InvariantCulture,
            $"{name,-44} {seconds,8:F1} {(requests == 0 ? 0 : seconds * 1000 / requests),8:F1} {(total == 0 ? 0 : seconds / total),7:P0} {seconds / elapsed.TotalSeconds,6:F2}");
    }

    /// <summary>The postmaster of the store's cluster, if it runs on this machine: the parent of a backend we open.</summary>
    private static async Task<int?> PostmasterAsync(string database, CancellationToken ct)
    {
        if (!database.Contains("Host=", StringComparison.OrdinalIgnoreCase)) return null; // SQLite: inside the nodes
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync(ct))!;
        return Stat(backend) is { } stat ? int.Parse(stat[1], CultureInfo.InvariantCulture) : null;
    }

    private static double ClusterSeconds(int postmaster)
    {
        var sum = Seconds(postmaster, children: true);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Stat(pid) is { } stat && stat[1] == postmaster.ToString(CultureInfo.InvariantCulture))
                sum += Seconds(pid, children: false);
        return sum;
    }

    private static double Seconds(int pid, bool children)
    {
        if (Stat(pid) is not { } s) return 0;
        double Field(int i) => double.Parse(s[i], CultureInfo.InvariantCulture);
        // After "(comm)": [0] state, [1] ppid, ... [11] utime, [12] stime, [13] cutime, [14] cstime (proc(5) fields 3..17).
        return (Field(11) + Field(12) + (children ? Field(13) + Field(14) : 0)) / TicksPerSecond;
    }

    /// <summary>/proc/PID/stat's fields after the command name (which may hold spaces), or null if the process is gone.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }
}
