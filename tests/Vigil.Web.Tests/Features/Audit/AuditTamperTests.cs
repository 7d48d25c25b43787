using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Web.Features.Audit;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Audit;

/// <summary>Edits the database behind the application's back and expects `audit verify` to name the entry.
/// The database refuses such edits (AppendOnlyTests), so the insider here first drops its append-only triggers, as
/// someone with rights over the schema could. Each test has its own store, since it breaks the chain on purpose.</summary>
public abstract class AuditTamperTests
{
    protected abstract VigilAppFactory NewApp();

    private async Task<VigilAppFactory> AppWithHistoryAsync()
    {
        var app = NewApp();
        await app.InitializeAsync();
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        for (var i = 0; i < 3; i++) await app.CreateCaseAsync(ivy);
        return app;
    }

    private static Task<AuditVerification> VerifyAsync(VigilAppFactory app) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync(null, default));

    private static Task ExecAsync(VigilAppFactory app, string sql) =>
        app.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync(AppendOnly.DropTriggersSql(app.Provider, "audit_entries"));
            await db.Database.ExecuteSqlRawAsync(sql);
        });

    private static Task<long> LastAsync(VigilAppFactory app) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries.MaxAsync(e => e.Sequence));

    [Fact]
    public async Task UntouchedChain_Verifies()
    {
        await using var app = await AppWithHistoryAsync();
        var result = await VerifyAsync(app);
        Assert.True(result.Intact, result.FirstProblem?.Message);
        Assert.Equal(await LastAsync(app), result.Checked);
    }

    [Fact]
    public async Task AlteredEntry_IsNamed()
    {
        await using var app = await AppWithHistoryAsync();
        await ExecAsync(app, "UPDATE audit_entries SET \"Actor\" = 'nobody' WHERE \"Sequence\" = 5");
        var result = await VerifyAsync(app);
        Assert.Equal(5, result.FirstProblem?.Sequence);
        Assert.Equal(AuditProblemKind.Altered, result.FirstProblem?.Kind);
    }

    [Fact]
    public async Task DeletedEntry_IsNamed()
    {
        await using var app = await AppWithHistoryAsync();
        await ExecAsync(app, "DELETE FROM audit_entries WHERE \"Sequence\" = 4");
        var result = await VerifyAsync(app);
        Assert.Equal(5, result.FirstProblem?.Sequence);
        Assert.Equal(AuditProblemKind.Deleted, result.FirstProblem?.Kind);
        Assert.Contains("#4", result.FirstProblem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedLastEntriesAndRenumbered_AreCaughtByTheBrokenLink()
    {
        await using var app = await AppWithHistoryAsync();
        await ExecAsync(app, "DELETE FROM audit_entries WHERE \"Sequence\" = 3");
        await ExecAsync(app, "UPDATE audit_entries SET \"Sequence\" = \"Sequence\" - 1 WHERE \"Sequence\" > 3");
        var result = await VerifyAsync(app);
        Assert.Equal(3, result.FirstProblem?.Sequence);
    }

    [Fact]
    public async Task DeletedNewestEntries_AreCaughtByTheHeadRecordOutsideTheDatabase()
    {
        await using var app = await AppWithHistoryAsync();
        var last = await LastAsync(app);
        await ExecAsync(app, $"DELETE FROM audit_entries WHERE \"Sequence\" > {last - 5}");
        var result = await VerifyAsync(app);
        Assert.Equal(AuditProblemKind.Truncated, result.FirstProblem?.Kind);
        Assert.Equal(last - 4, result.FirstProblem?.Sequence);
        Assert.Contains($"#{last - 4}–#{last}", result.FirstProblem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewestEntryRewrittenAfterTheHead_IsCaught()
    {
        await using var app = await AppWithHistoryAsync();
        var last = await LastAsync(app);
        // The insider deletes the newest entry and appends another in its place through the application.
        await ExecAsync(app, $"DELETE FROM audit_entries WHERE \"Sequence\" = {last}");
        await app.WithDbAsync(db => { db.RecordEvent("view", "DeathCase", "x", null); return db.SaveChangesAsync(); });
        var head = new Vigil.Data.Audit.AuditHeadFile(app.AuditHeadFile).Read();
        Assert.Equal(last, head?.Count);
        var result = await VerifyAsync(app);
        Assert.False(result.Intact);
    }

    [Fact]
    public async Task InsertedEntry_IsNamed()
    {
        await using var app = await AppWithHistoryAsync();
        var last = await LastAsync(app);
        // Make room at #4 and forge an entry there that links to #3, as an insider without the key would.
        for (var s = last; s >= 4; s--) await ExecAsync(app, $"UPDATE audit_entries SET \"Sequence\" = {s + 1} WHERE \"Sequence\" = {s}");
        await ExecAsync(app, "INSERT INTO audit_entries (\"Sequence\", \"At\", \"Actor\", \"Action\", \"EntityType\", \"EntityId\", \"Changes\", \"PreviousHash\", \"Hash\") " +
            "SELECT 4, \"At\", 'user:x:forger', 'delete', 'DeathCase', 'x', '{{}}', \"Hash\", 'forged' FROM audit_entries WHERE \"Sequence\" = 3");
        var result = await VerifyAsync(app);
        Assert.Equal(4, result.FirstProblem?.Sequence);
        Assert.Equal(AuditProblemKind.Inserted, result.FirstProblem?.Kind);
    }
}

public sealed class AuditTamperTests_Sqlite : AuditTamperTests
{
    protected override VigilAppFactory NewApp() => new SqliteApp();
}

public sealed class AuditTamperTests_Postgres : AuditTamperTests
{
    protected override VigilAppFactory NewApp() => new PostgresApp();
}
