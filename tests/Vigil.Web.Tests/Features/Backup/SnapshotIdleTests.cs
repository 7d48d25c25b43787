using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Web.Features.Backup;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Backup;

/// <summary>A PostgreSQL backup exports a snapshot from a transaction that then waits, idle, while pg_dump reads it. Round
/// 41 gave every Vigil session idle_in_transaction_session_timeout = 5 min (ADR 0901's session guards): a dump that took
/// longer had its exporting session ended under it (before pg_dump took the snapshot, or at the commit after), so the
/// backup of a store that takes more than 5 minutes to dump failed every time. Here the limit is 1 s and pg_dump
/// starts 3 s late.</summary>
[Collection(Features.Linkage.ConsoleCollection.Name)] // sets VIGIL_PG_BIN for the process
public sealed class SnapshotIdleTests
{
    [Fact]
    public async Task ADumpThatOutlastsTheIdleInTransactionLimit_IsStillTaken()
    {
        if (OperatingSystem.IsWindows()) return; // the slow pg_dump is a shell script
        await using var store = await SharedStore.CreateAsync("postgres");
        var before = Environment.GetEnvironmentVariable("VIGIL_PG_BIN");
        var real = before ?? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "pg_dump"))).Order(StringComparer.Ordinal).Last();
        var slow = Directory.CreateTempSubdirectory("vigil-slow-pg-").FullName;
        var wrapper = Path.Combine(slow, "pg_dump");
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nsleep 3\nexec '{Path.Combine(real, "pg_dump")}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var dump = Path.Combine(slow, "store.dump");
        try
        {
            Environment.SetEnvironmentVariable("VIGIL_PG_BIN", slow);
            await using var services = store.Services();
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
            var manifest = await PostgresSnapshot.TakeAsync(db, $"{store.Database};Pooling=false;Options=-c idle_in_transaction_session_timeout=1000",
                dump, DateTimeOffset.UtcNow, default);
            Assert.Equal("postgres", manifest.Store);
            Assert.True(new FileInfo(dump).Length > 0);
        }
        finally
        {
            Environment.SetEnvironmentVariable("VIGIL_PG_BIN", before);
            Directory.Delete(slow, recursive: true);
        }
    }
}
