using System.Text.RegularExpressions;
using Npgsql;

namespace Vigil.Web.Tests.Infrastructure;

/// <summary>Other builds' migrated templates (ADR 3352) removed when a test process makes a new one, so they do not pile
/// up on a developer's machine (ADR 3364). Two test processes may run at once, each of its own build: a process holds a
/// shared lock on the template it copies for as long as it runs (a read-only open of the file, which .NET takes as a
/// shared <c>flock</c> on Unix and a share mode on Windows; a session-level shared advisory lock on the PostgreSQL server),
/// and the sweep removes only what it can lock exclusively. A database someone is connected to is left too.</summary>
public static partial class TemplateSweep
{
    /// <summary>The advisory lock class of the templates' locks (the ADR's number); the object is <c>hashtext(name)</c>.</summary>
    private const int LockClass = 3364;

    /// <summary>The locks this process holds on its templates: open until it exits.</summary>
    private static readonly List<IAsyncDisposable> Held = [];

    [GeneratedRegex("^vigil-template-[0-9a-f]{12}\\.db$")]
    private static partial Regex SqliteScheme();

    /// <summary>Holds <paramref name="path"/> open for reading until the process exits; false if it is not there, or a
    /// sweep holds it alone (it is being removed).</summary>
    public static bool HoldFile(string path)
    {
        try
        {
            var held = OpenShared(path);
            lock (Held) Held.Add(held);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The file open for reading with others reading too: the shared lock a sweep cannot take alone.</summary>
    public static FileStream OpenShared(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read);

    /// <summary>Removes each file of the template scheme in <paramref name="directory"/> but <paramref name="keep"/> that no
    /// other process holds; answers the names removed.</summary>
    public static List<string> SweepFiles(string directory, string keep)
    {
        var removed = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "vigil-template-*.db"))
        {
            if (!SqliteScheme().IsMatch(Path.GetFileName(file)) || string.Equals(Path.GetFullPath(file), Path.GetFullPath(keep), StringComparison.Ordinal)) continue;
            try
            {
                // Alone (no share), removed as it is closed: a process that opens it meanwhile is refused, then finds it gone.
                using (new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
                removed.Add(Path.GetFileName(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Held by a running process, gone already, or another user's: left.
            }
        }
        return removed;
    }

    /// <summary>Takes the shared advisory lock on database <paramref name="name"/> on a connection of its own (to the
    /// server's <c>postgres</c> database: an advisory lock belongs to the database its session is on) kept until the
    /// process exits. Waits while a sweep holds it alone.</summary>
    public static async Task HoldDatabaseAsync(string name)
    {
        var conn = await OpenHolderAsync(name);
        lock (Held) Held.Add(conn);
    }

    /// <summary>A connection holding the shared advisory lock on database <paramref name="name"/> until it is closed.</summary>
    public static async Task<NpgsqlConnection> OpenHolderAsync(string name)
    {
        var conn = new NpgsqlConnection($"{PostgresServer.ConnectionString};Database=postgres;Pooling=False;Application Name=vigil template holder");
        await conn.OpenAsync();
        await LockAsync(conn, "pg_advisory_lock_shared", name);
        return conn;
    }

    /// <summary>Drops each database named <paramref name="prefix"/> and twelve hex digits but <paramref name="keep"/> whose
    /// advisory lock is free and that no session is on; answers the names dropped.</summary>
    public static async Task<List<string>> SweepDatabasesAsync(NpgsqlConnection conn, string prefix, string keep)
    {
        var scheme = new Regex($"^{Regex.Escape(prefix)}[0-9a-f]{{12}}$");
        var names = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", conn) { Parameters = { new() { Value = prefix } } })
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        var dropped = new List<string>();
        foreach (var name in names.Where(n => scheme.IsMatch(n) && n != keep))
        {
            if (!await LockAsync(conn, "pg_try_advisory_lock", name)) continue; // a running process copies from it
            try
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE \"{name}\"", conn);
                await drop.ExecuteNonQueryAsync();
                dropped.Add(name);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.ObjectInUse or PostgresErrorCodes.InvalidCatalogName)
            {
                // "being accessed by other users" (a process without the lock, or a session on it), or dropped meanwhile: left.
            }
            finally
            {
                await LockAsync(conn, "pg_advisory_unlock", name);
            }
        }
        return dropped;
    }

    private static async Task<bool> LockAsync(NpgsqlConnection conn, string function, string name)
    {
        await using var cmd = new NpgsqlCommand($"SELECT {function}($1, hashtext($2))::text", conn) { Parameters = { new() { Value = LockClass }, new() { Value = name } } };
        return await cmd.ExecuteScalarAsync() is "true";
    }
}
