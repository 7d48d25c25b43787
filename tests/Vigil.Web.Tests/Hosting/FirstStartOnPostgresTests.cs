using System.Diagnostics;
using Npgsql;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>An operator's first command on a new PostgreSQL database creates and migrates it without printing an error:
/// EF's migrator used to open the missing database first and log "An error occurred using the connection to database"
/// on every first start, an alarm with nothing behind it.</summary>
public sealed class FirstStartOnPostgresTests
{
    [Fact]
    public async Task AVerbOnADatabaseThatDoesNotExist_CreatesIt_AndLogsNoError()
    {
        var name = "vigil_first_" + Guid.NewGuid().ToString("N")[..12];
        var folder = Directory.CreateTempSubdirectory("vigil-first-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "vigil.dll"), "users", "list", "--db", $"{PostgresServer.ConnectionString};Database={name}"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder,
            };
            start.Environment["VIGIL_AUDIT_KEY_FILE"] = Path.Combine(folder, "audit.key");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            var printed = await output + await errors;

            Assert.True(process.ExitCode == 0, printed);
            Assert.DoesNotContain("\"LogLevel\":\"Error\"", printed, StringComparison.Ordinal);
            Assert.DoesNotContain("fail:", printed, StringComparison.Ordinal);
            await using var conn = new NpgsqlConnection($"{PostgresServer.ConnectionString};Database={name}");
            await conn.OpenAsync();
            await using var migrated = new NpgsqlCommand("SELECT count(*) FROM \"__EFMigrationsHistory\"", conn);
            Assert.True((long)(await migrated.ExecuteScalarAsync())! > 0);
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(name);
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { /* best effort */ }
        }
    }
}
