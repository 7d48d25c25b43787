using System.Data;
using Npgsql;

namespace Vigil.Web.Features.Backup;

/// <summary>pg_dump (custom format) of a snapshot exported from a REPEATABLE READ transaction in which the manifest's
/// counts are also taken, so the counts describe exactly the rows dumped while the nodes go on writing.</summary>
public static class PostgresSnapshot
{
    public static async Task<BackupManifest> TakeAsync(VigilDbContext model, string connectionString, string dumpFile, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, tx)) await readOnly.ExecuteNonQueryAsync(ct);
        // This transaction waits, idle, for the whole of pg_dump (its snapshot is pg_dump's until pg_dump takes it): the
        // sessions' limit on idling in a transaction (5 min, VigilDatabase.WithSessionGuards) would end it under a longer
        // dump, and the backup with it. Lifted for this transaction only.
        await using (var noLimit = new NpgsqlCommand("SET LOCAL idle_in_transaction_session_timeout = 0", connection, tx)) await noLimit.ExecuteNonQueryAsync(ct);
        string snapshot;
        await using (var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, tx))
            snapshot = (string)(await export.ExecuteScalarAsync(ct))!;
        var (tables, sequence, hash) = await StoreCensus.TakeAsync(model, connection, tx, ct);
        // zlib level 1, not pg_dump's default 6: a million deaths dump in 51 s for 45 s of CPU (1.31 GB) against 187 s for
        // 134 s (1.08 GB) (ADR 1614). PostgreSQL 15's custom format offers no lz4.
        await PgToolAsync("pg_dump", connectionString, ["--format=custom", "--compress=1", "--no-owner", "--no-privileges", $"--snapshot={snapshot}", $"--file={dumpFile}"], null, ct);
        await tx.CommitAsync(ct);
        return new BackupManifest(BackupManifest.CurrentFormat, "postgres", now, tables, sequence, hash);
    }

    public static async Task RestoreAsync(string dumpFile, string connectionString, CancellationToken ct) =>
        // --clean --if-exists: a target that was migrated but holds no data is emptied of its schema first.
        await PgToolAsync("pg_restore", connectionString,
            ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", $"--dbname={new NpgsqlConnectionStringBuilder(connectionString).Database}", dumpFile],
            await IndexBuildMemoryAsync(connectionString, ct), ct);

    /// <summary>The restore builds every index after the data; the search keys' GIN index of a million deaths took 231 s
    /// with the default 64 MB of maintenance_work_mem and 158 s with 512 MB (ADR 1614). The restore's session gets at
    /// least 512 MB (one index at a time: a single transaction restores on one connection); a server set higher keeps its own.</summary>
    internal static async Task<string> IndexBuildMemoryAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT setting::bigint FROM pg_settings WHERE name = 'maintenance_work_mem'", connection);
        var kilobytes = Math.Max(Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture), RestoreIndexMemoryKilobytes);
        return string.Create(CultureInfo.InvariantCulture, $"-c maintenance_work_mem={kilobytes}kB");
    }

    internal const long RestoreIndexMemoryKilobytes = 512 * 1024;

    /// <summary>Runs a PostgreSQL client tool with the connection given through libpq's environment (the password
    /// never appears on a command line). $VIGIL_PG_BIN, else PATH, else the newest /usr/lib/postgresql/*/bin.</summary>
    /// <param name="options">Server settings for the tool's session (libpq's PGOPTIONS).</param>
    private static async Task PgToolAsync(string tool, string connectionString, string[] arguments, string? options, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(Locate(tool), arguments) { RedirectStandardError = true, UseShellExecute = false };
        start.Environment["PGHOST"] = cs.Host;
        start.Environment["PGPORT"] = cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGDATABASE"] = cs.Database;
        if (cs.Username is { } user) start.Environment["PGUSER"] = user;
        if (cs.Password is { } password) start.Environment["PGPASSWORD"] = password;
        if (options is not null) start.Environment["PGOPTIONS"] = options;
        start.Environment["PGSSLMODE"] = cs.SslMode switch
        {
            SslMode.Disable => "disable", SslMode.Allow => "allow", SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca", SslMode.VerifyFull => "verify-full", _ => "prefer",
        };
        using var process = Process.Start(start) ?? throw new IOException($"could not start {tool}");
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0) throw new IOException($"{tool} failed ({process.ExitCode}): {(await errors).Trim()}");
    }

    private static string Locate(string tool)
    {
        if (Environment.GetEnvironmentVariable("VIGIL_PG_BIN") is { Length: > 0 } bin) return Path.Combine(bin, tool);
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, tool))) return Path.Combine(dir, tool);
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", tool)).Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0).FirstOrDefault()
            : null;
        return installed ?? throw new IOException($"{tool} not found: install postgresql-client or set VIGIL_PG_BIN");
    }
}
