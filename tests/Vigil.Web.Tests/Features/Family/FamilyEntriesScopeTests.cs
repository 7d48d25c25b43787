using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Users;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>ADR 3239 (the policy ADR 3234 left): the family's entries in a case's other views follow the family file's
/// reach. An analyst who is also another team's FLO read the case (by design) and, through the Liaise policy, its
/// family's questions on the as-known page, the missed-opportunity report, the case page's timeline and audit trail,
/// the full history and the API's audit: other teams' families, force-wide.</summary>
public abstract class FamilyEntriesScopeTests(VigilAppFactory app)
{
    [Fact]
    public async Task AReadAllRoleBesideALiaisonRole_ReadsAnotherTeamsCase_WithoutItsFamilysEntries()
    {
        var f = await FamilyKit.CaseAsync(app);
        var question = "Q" + Guid.NewGuid().ToString("N")[..12];
        await app.WithScopeAsync(async sp => await sp.GetRequiredService<LiaisonCommands>()
            .AddQuestionAsync(f.Case.Id, null, "Who found him " + question, "DC Flo", DateTime.UtcNow.AddDays(-1), "recorded", default));
        var outsider = await app.CreateUserAsync(Roles.FamilyLiaison);
        await app.WithScopeAsync(async sp => { await sp.GetRequiredService<UserAdmin>().SetRolesAsync(outsider.UserName, [Roles.Analyst], []); return true; });
        string[] views = [$"/cases/{f.Case.Id}", $"/cases/{f.Case.Id}/as-known", $"/cases/{f.Case.Id}/missed", $"/cases/{f.Case.Id}/audit"];

        // The case's own FLO reads the question in every view (what the others are held against).
        using var flo = await app.SignedInClientAsync(f.Flo);
        foreach (var view in views) Assert.Contains(question, await flo.GetStringAsync(view), StringComparison.Ordinal);
        using var floApi = app.ApiClient(f.Flo);
        Assert.Contains(question, await floApi.GetStringAsync($"/api/v1/cases/{f.Case.Id}/audit"), StringComparison.Ordinal);

        using var web = await app.SignedInClientAsync(outsider);
        foreach (var view in views)
        {
            var page = await web.GetAsync(view);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.DoesNotContain(question, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var api = app.ApiClient(outsider);
        Assert.DoesNotContain(question, await api.GetStringAsync($"/api/v1/cases/{f.Case.Id}/audit"), StringComparison.Ordinal);
    }

    /// <summary>sec55: the supervisor's work lists quote what a family is owed (its questions, its "tell the family" tasks)
    /// over every case the reader reads. A supervisor of another team who is also an analyst listed, counted and read
    /// through the API every team's family questions and tasks: the family file and the liaison lists are its own teams'.</summary>
    [Fact]
    public async Task ASupervisorWhoAlsoReadsEveryCase_ListsAndCountsOnlyItsOwnTeamsFamiliesOnItsWorkLists()
    {
        var f = await FamilyKit.CaseAsync(app);
        var question = "Q" + Guid.NewGuid().ToString("N")[..12];
        var due = DateTime.UtcNow.AddDays(-1);
        await app.WithScopeAsync(async sp => await sp.GetRequiredService<LiaisonCommands>()
            .AddQuestionAsync(f.Case.Id, null, "When is the inquest " + question, "DC Flo", due, "recorded", default));
        var task = new FamilyTask { CaseId = f.Case.Id, Kind = "classification-changed", CreatedAt = due.AddDays(-1), DueAt = due };
        task.Description = "Tell the family " + task.Id.ToString("N");
        await app.WithDbAsync(async db => { db.FamilyTasks.Add(task); return await db.SaveChangesAsync(); });
        var outsider = await app.CreateUserAsync(Roles.Supervisor);
        await app.WithScopeAsync(async sp => { await sp.GetRequiredService<UserAdmin>().SetRolesAsync(outsider.UserName, [Roles.Analyst], []); return true; });
        (string Path, string Marker)[] lists = [("family-questions-overdue", question), ("family-tasks-overdue", task.Description)];

        // The case's own supervisor reads both on the lists (what the other is held against).
        var own = await app.CreateUserAsync(Roles.Supervisor, f.Investigator.Team);
        using var ownWeb = await app.SignedInClientAsync(own);
        foreach (var (path, marker) in lists) Assert.Contains(marker, await ownWeb.GetStringAsync($"/enquiries/lists/{path}"), StringComparison.Ordinal);

        using var web = await app.SignedInClientAsync(outsider);
        using var api = app.ApiClient(outsider);
        foreach (var (path, marker) in lists)
        {
            Assert.DoesNotContain(marker, await web.GetStringAsync($"/enquiries/lists/{path}"), StringComparison.Ordinal);
            Assert.DoesNotContain(marker, await api.GetStringAsync($"/api/v1/enquiries/lists/{path}?size=500"), StringComparison.Ordinal);
        }
        // Its own team holds no case: nothing a family is owed is counted for it (before: every team's).
        var counts = await api.GetFromJsonAsync<Dictionary<string, int>>("/api/v1/enquiries/dashboard", Vigil.Web.Hosting.ApiJson.Client);
        Assert.Equal(0, counts!["family-questions-overdue"]);
        Assert.Equal(0, counts["family-tasks-overdue"]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class FamilyEntriesScopeTests_Sqlite(SqliteApp app) : FamilyEntriesScopeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FamilyEntriesScopeTests_Postgres(PostgresApp app) : FamilyEntriesScopeTests(app);
