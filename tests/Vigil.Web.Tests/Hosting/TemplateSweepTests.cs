using Npgsql;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>ADR 3364: a test process that makes a new migrated template removes other builds' templates, but none that
/// another running process holds (it copies from it) or that a session is on, and nothing outside the scheme.</summary>
public sealed class TemplateSweepTests
{
    [Fact]
    public void OtherBuildsFiles_AreRemoved_ButNotOneHeld_NorTheKeptOne_NorAFileBeingMade()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-sweep-").FullName;
        try
        {
            string File(string name)
            {
                var path = Path.Combine(dir, name);
                System.IO.File.WriteAllText(path, name);
                return path;
            }
            var kept = File("vigil-template-aaaaaaaaaaaa.db");
            File("vigil-template-bbbbbbbbbbbb.db");
            var held = File("vigil-template-cccccccccccc.db");
            File($"vigil-template-{Guid.NewGuid():N}.db"); // being made by a running process, then moved into place
            File("vigil-template-notes.db");

            using (var other = TemplateSweep.OpenShared(held))
            {
                // The holder still copies from it, as each of its apps does.
                System.IO.File.Copy(held, Path.Combine(dir, "copy.db"));
                Assert.Equal(["vigil-template-bbbbbbbbbbbb.db"], TemplateSweep.SweepFiles(dir, kept));
            }
            Assert.Equal(5, Directory.GetFiles(dir).Length);
            // Once no process holds it, the next sweep removes it.
            Assert.Equal(["vigil-template-cccccccccccc.db"], TemplateSweep.SweepFiles(dir, kept));
            Assert.True(System.IO.File.Exists(kept));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task OtherBuildsDatabases_AreDropped_ButNotOneHeld_NorOneASessionIsOn_NorTheKeptOne()
    {
        // A scheme of this test's own, so no template of a run going on beside it is touched.
        var prefix = $"vigil_sweep{Guid.NewGuid().ToString("N")[..6]}_";
        string[] names = [prefix + "aaaaaaaaaaaa", prefix + "bbbbbbbbbbbb", prefix + "cccccccccccc", prefix + "dddddddddddd", prefix + "making_eeeeeeeeeeee"];
        var (kept, old, held, used, making) = (names[0], names[1], names[2], names[3], names[4]);
        foreach (var name in names) await PostgresServer.CreateDatabaseAsync(name);
        try
        {
            await using var conn = new NpgsqlConnection($"{PostgresServer.ConnectionString};Database=postgres");
            await conn.OpenAsync();
            var holder = await TemplateSweep.OpenHolderAsync(held);
            var holderPid = holder.ProcessID;
            await using (holder)
            await using (var session = new NpgsqlConnection($"{PostgresServer.ConnectionString};Database={used};Pooling=False"))
            {
                await session.OpenAsync(); // a process of a build before the locks, copying from it
                Assert.Equal([old], await TemplateSweep.SweepDatabasesAsync(conn, prefix, kept));
            }
            // A closed connection's backend ends, and frees its advisory lock, a moment after the client closes it: the first
            // whole run found the held template still locked at the next sweep. (DROP DATABASE waits for a session on it.)
            await BackendGoneAsync(conn, holderPid);
            Assert.Equal([held, used], (await TemplateSweep.SweepDatabasesAsync(conn, prefix, kept)).Order(StringComparer.Ordinal));
            await using var left = new NpgsqlCommand("SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname", conn) { Parameters = { new() { Value = prefix } } };
            var remaining = new List<string>();
            await using (var reader = await left.ExecuteReaderAsync())
                while (await reader.ReadAsync()) remaining.Add(reader.GetString(0));
            Assert.Equal([kept, making], remaining);
        }
        finally
        {
            foreach (var name in names) await PostgresServer.DropDatabaseAsync(name);
        }
    }

    private static async Task BackendGoneAsync(NpgsqlConnection conn, int pid)
    {
        await using var alive = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", conn) { Parameters = { new() { Value = pid } } };
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(20))
            if ((long)(await alive.ExecuteScalarAsync())! == 0) return;
        Assert.Fail($"the holder's backend {pid} still runs 30 s after its connection closed");
    }
}
