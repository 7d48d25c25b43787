using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Operations;

/// <summary>Issue 13's fault drills, as tests (ADR 1492): a web node killed with SIGKILL in the middle of writes, and
/// PostgreSQL stopped in the middle of an import. What must hold is what an operator is promised: the other node
/// answers, nothing acknowledged is lost, nothing is half-written, and a re-run import completes with the exact count.</summary>
public sealed class FaultDrillTests
{
    [Fact]
    public async Task ANodeKilledMidWrites_TheOtherAnswers_EveryAcknowledgedCaseIsThere_AndNoneIsHalfWritten()
    {
        await using var store = await SharedStore.CreateAsync("postgres");
        var nodes = await Task.WhenAll(VigilNode.StartAsync(store), VigilNode.StartAsync(store));
        await using var a = nodes[0];
        await using var b = nodes[1];
        var ivy = await store.CreateUserAsync(Roles.Investigator, "fault-team");
        var marker = "Fault " + Guid.NewGuid().ToString("N")[..8];
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        var firstAcks = new TaskCompletionSource();

        async Task WriteAsync()
        {
            using var client = a.Client(ivy.Token);
            for (var i = 0; i < 25; i++)
            {
                try
                {
                    var record = Samples.Record(name: marker) with
                    {
                        People = [new RecordPerson { Role = "finder", Name = "Ada Finch" }, new RecordPerson { Role = "next-of-kin", Name = "Bea Finch" }],
                    };
                    var response = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(ivy.TeamId, record), ApiJson.Client);
                    if (response.StatusCode != HttpStatusCode.Created) continue;
                    acknowledged.Add((await response.Content.ReadFromJsonAsync<CaseResponse>(ApiJson.Client))!.Id);
                    if (acknowledged.Count >= 6) firstAcks.TrySetResult();
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                {
                    return; // the node is gone: a client sees a broken connection, never a wrong answer
                }
            }
        }

        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(WriteAsync)).ToArray();
        await firstAcks.Task.WaitAsync(TimeSpan.FromMinutes(3));
        await a.KillAsync();
        await Task.WhenAll(writers);

        using var other = b.Client(ivy.Token);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/health/ready")).StatusCode);
        foreach (var id in acknowledged)
            Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/v1/cases/{id}")).StatusCode);
        await using var services = store.Services();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var written = await db.Cases.AsNoTracking().Where(c => c.Deceased.Name == marker)
            .Select(c => new { c.Id, People = c.People.Count, Exhibits = c.Exhibits.Count }).ToListAsync();
        Assert.Superset(acknowledged.ToHashSet(), written.Select(w => w.Id).ToHashSet());
        // One transaction per save: a case is there whole (its people and exhibit) or not at all.
        Assert.All(written, w => Assert.Equal((2, 1), (w.People, w.Exhibits)));
        // The surviving node still writes.
        var after = await other.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(ivy.TeamId, Samples.Record(name: marker)), ApiJson.Client);
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        // The audit chain the killed node was appending to is whole: `vigil audit verify`, as an operator runs it after a
        // crash, checks every entry, the tree and its signed heads (issue 13 item 5; ADR 1492, 3151).
        await AssertAuditVerifiesAsync(store.Folder, store.Database);
    }

    /// <summary>Runs `vigil audit verify` on the store and fails with its output unless it exits 0.</summary>
    internal static async Task AssertAuditVerifiesAsync(string folder, string database)
    {
        var (verified, output) = await FinishAsync(Vigil(folder, "audit", "verify", "--db", database), TimeSpan.FromMinutes(3));
        Assert.True(verified == 0, "vigil audit verify:\n" + output);
    }

    [Fact]
    public async Task PostgresStoppedMidImport_TheImportSaysSo_AndARerunCompletesWithTheExactCount()
    {
        await using var cluster = await OwnCluster.StartAsync();
        var records = BenchData.London(3000);
        var file = Path.Combine(cluster.Folder, "deaths.jsonl");
        await using (var output = File.Create(file))
            foreach (var record in records) DeathRecordWriter.WriteLine(output, record);
        var database = cluster.ConnectionString + ";Database=postgres";

        // The first run reads its deaths through a pipe this test feeds: it has stored its first batch and is waiting
        // for more when the database stops, so it is mid-import on any machine. Reading the file, a fast machine
        // could store all 3,000 between the first count and the stop, and the run would rightly succeed.
        var pipe = Path.Combine(cluster.Folder, "deaths.pipe");
        await MakePipeAsync(pipe);
        var first = StartImport(pipe, database, cluster.Folder);
        await using (var feed = await OpenForWritingAsync(pipe, first))
        {
            await FeedAsync(feed, records.Take(1500)); // the first batch (1,000) and half the second
            await Eventually.HoldsAsync(async () => await CountAsync(database) > 0, TimeSpan.FromMinutes(4), "the import storing its first case");
            await cluster.StopAsync();
            try { await FeedAsync(feed, records.Skip(1500)); }
            catch (IOException) { /* the import failed and went away: the rest has no reader */ }
        }
        var (failedCode, failedOutput) = await FinishAsync(first, TimeSpan.FromMinutes(3));
        Assert.NotEqual(0, failedCode);
        Assert.Contains("error", failedOutput, StringComparison.OrdinalIgnoreCase);
        Assert.InRange(await CountWhenUpAsync(cluster, database), 1000, 2999); // stopped mid-import: some stored, not all

        var (code, rerunOutput) = await FinishAsync(StartImport(file, database, cluster.Folder), TimeSpan.FromMinutes(6));
        Assert.True(code == 0, rerunOutput);
        Assert.Equal(3000, await CountAsync(database));
        Assert.Equal(3000, await ScalarAsync(database, "select count(distinct (\"Source\", \"SourceRef\")) from cases"));
        // The audit chain the failed run began is intact and continued by the re-run.
        await AssertAuditVerifiesAsync(cluster.Folder, database);
    }

    /// <summary>Starts the stopped cluster again and counts the cases it holds.</summary>
    private static async Task<long> CountWhenUpAsync(OwnCluster cluster, string database)
    {
        await cluster.StartAgainAsync();
        return await CountAsync(database);
    }

    private static async Task MakePipeAsync(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        await mkfifo.WaitForExitAsync();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>Opens the pipe's writing end, which waits for its reader: the import opens it once it has migrated.</summary>
    private static async Task<FileStream> OpenForWritingAsync(string pipe, Process reader)
    {
        // Unbuffered: what a write could not hand the import fails that write, never the close.
        var opening = Task.Run(() => new FileStream(pipe, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0));
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (!opening.IsCompleted && !reader.HasExited && DateTime.UtcNow < deadline) await Task.Delay(100);
        if (opening.IsCompleted) return await opening;
        // Opened for reading here, the pipe lets the waiting open go.
        using (new FileStream(pipe, FileMode.Open, FileAccess.Read, FileShare.ReadWrite)) await (await opening).DisposeAsync();
        var (code, output) = await FinishAsync(reader, TimeSpan.FromMinutes(1));
        throw new InvalidOperationException($"the import never opened its input (exit {code}): {output}");
    }

    /// <summary>Writes deaths into the pipe off the test's thread: a write waits while the import is not reading.</summary>
    private static Task FeedAsync(FileStream feed, IEnumerable<DeathRecord> records) => Task.Run(() =>
    {
        foreach (var record in records) DeathRecordWriter.WriteLine(feed, record);
        feed.Flush();
    });

    private static Process StartImport(string file, string database, string folder) =>
        Vigil(folder, "import", file, "--db", database, "--team", "Fault drill", "--no-wait", "--quiet");

    private static Process Vigil(string folder, params string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "vigil.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", dll, .. arguments])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder,
        };
        start.Environment["VIGIL_AUDIT_KEY_FILE"] = Path.Combine(folder, "audit.key");
        return Process.Start(start)!;
    }

    private static async Task<(int Code, string Output)> FinishAsync(Process process, TimeSpan within)
    {
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(within);
            try { await process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"vigil did not end within {within}: it must report a failure, not hang");
            }
            return (process.ExitCode, await stdout + await stderr);
        }
    }

    private static async Task<long> CountAsync(string database)
    {
        try { return await ScalarAsync(database, "select count(*) from cases"); }
        catch (PostgresException) { return 0; } // not migrated yet
    }

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
