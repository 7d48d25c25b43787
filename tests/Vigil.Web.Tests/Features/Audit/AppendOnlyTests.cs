using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Audit;

/// <summary>SQL for tests that play an insider with rights over the schema.</summary>
public static class AppendOnly
{
    public static string DropTriggersSql(string provider, string table) => provider == "sqlite"
        ? $"DROP TRIGGER IF EXISTS {table}_no_update; DROP TRIGGER IF EXISTS {table}_no_delete;"
        : $"DROP TRIGGER IF EXISTS {table}_append_only ON {table};";
}

/// <summary>The decision log, custody movements, the audit chain and its references to further cases are append-only in the database itself: raw SQL
/// on the application's own connection cannot change or remove a row, while the application still appends (ADR 0601).</summary>
public abstract class AppendOnlyTests(VigilAppFactory app)
{
    private async Task<Guid> CaseWithADecisionAndAMovementAsync()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy);
        using var client = app.ApiClient(ivy);
        (await ClassifyAsync(client, c.Id, "homicide")).EnsureSuccessStatusCode();
        var exhibit = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Exhibits.Where(e => e.CaseId == c.Id).Select(e => e.Id).FirstAsync());
        (await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, $"/api/v1/cases/{c.Id}/exhibits/{exhibit}/movements",
            new Vigil.Web.Features.Enquiries.Exhibits.MovementRequest(null, "DC Hale", "scene", "store", "booked in", "S1"), Vigil.Web.Hosting.ApiJson.Client)).EnsureSuccessStatusCode();
        // A later death alerting against this one: its audit entry belongs to the later case and names this one in
        // audit_case_refs, the row that keeps the alert in this case's "as known on" view. The linkage engine may raise
        // that alert itself first (the unique pair then refuses ours, after its entry and reference are committed).
        var later = await app.CreateCaseAsync(ivy);
        try
        {
            await app.WithDbAsync(db =>
            {
                db.Add(new LinkCandidate { NewerCaseId = later.Id, EarlierCaseId = c.Id, Probability = 0.4, Summary = "test", RaisedAt = DateTime.UtcNow });
                return db.SaveChangesAsync();
            });
        }
        catch (DbUpdateException)
        {
            Assert.True(await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Set<LinkCandidate>()
                .AnyAsync(l => l.NewerCaseId == later.Id && l.EarlierCaseId == c.Id)), "only the engine's own alert may refuse ours");
        }
        return c.Id;
    }

    private async Task<DbException> RefusedAsync(string sql)
    {
        return await app.WithScopeAsync(async sp =>
        {
            var connection = sp.GetRequiredService<VigilDbContext>().Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return await Assert.ThrowsAnyAsync<DbException>(() => command.ExecuteNonQueryAsync());
        });
    }

    private Task<long> CountAsync(string table, Guid caseId) => app.WithScopeAsync(async sp =>
    {
        var connection = sp.GetRequiredService<VigilDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE \"CaseId\" = '{(app.Provider == "sqlite" ? caseId.ToString().ToUpperInvariant() : caseId.ToString())}'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    });

    [Theory]
    [InlineData("case_decisions", "\"Rationale\" = 'rewritten'")]
    [InlineData("exhibit_movements", "\"Reason\" = 'rewritten'")]
    [InlineData("audit_entries", "\"Actor\" = 'nobody'")]
    [InlineData("audit_case_refs", "\"Sequence\" = -1")]
    public async Task TheDatabase_RefusesAnUpdateOrDelete_AndKeepsTheRows(string table, string change)
    {
        var caseId = await CaseWithADecisionAndAMovementAsync();
        var rows = await CountAsync(table, caseId);
        Assert.True(rows > 0, $"the case should have {table} rows");
        var id = app.Provider == "sqlite" ? caseId.ToString().ToUpperInvariant() : caseId.ToString();

        Assert.Contains("append-only", (await RefusedAsync($"UPDATE {table} SET {change} WHERE \"CaseId\" = '{id}'")).Message, StringComparison.Ordinal);
        Assert.Contains("append-only", (await RefusedAsync($"DELETE FROM {table} WHERE \"CaseId\" = '{id}'")).Message, StringComparison.Ordinal);
        Assert.Equal(rows, await CountAsync(table, caseId));
        var edited = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries.CountAsync(e => e.CaseId == caseId && e.Actor == "nobody"));
        Assert.Equal(0, edited);
    }

    [Fact]
    public async Task TheApplication_StillAppends_ToTheSameRecords()
    {
        var caseId = await CaseWithADecisionAndAMovementAsync();
        var (decisions, audit) = (await CountAsync("case_decisions", caseId), await CountAsync("audit_entries", caseId));
        await RefusedAsync($"DELETE FROM case_decisions WHERE \"CaseId\" = '{(app.Provider == "sqlite" ? caseId.ToString().ToUpperInvariant() : caseId.ToString())}'");
        var sam = await app.CreateUserAsync(Roles.Supervisor, (await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Cases.Where(c => c.Id == caseId).Select(c => c.Team!.Name).FirstAsync())));
        using var client = app.ApiClient(sam);
        (await ClassifyAsync(client, caseId, "unexpected-under-investigation")).EnsureSuccessStatusCode();
        Assert.Equal(decisions + 1, await CountAsync("case_decisions", caseId));
        Assert.True(await CountAsync("audit_entries", caseId) > audit);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AppendOnlyTests_Sqlite(SqliteApp app) : AppendOnlyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AppendOnlyTests_Postgres(PostgresApp app) : AppendOnlyTests(app);
