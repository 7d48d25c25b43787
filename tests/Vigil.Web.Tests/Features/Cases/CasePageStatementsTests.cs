using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Features.Family;
using Vigil.Web.Hosting;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Cases;

/// <summary>What a supervisor's case page sends that an investigator's (<see cref="StatementBudgetTests"/>) does not:
/// the officers of the case, for the officer in charge's form and the actions panel's allocation, read once (ADR 3200).</summary>
public abstract class CasePageStatementsTests(Func<Action<IServiceCollection>, VigilAppFactory> newApp) : IAsyncLifetime
{
    private readonly VigilAppFactory app = newApp(StatementCounter.Register);

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task SupervisorsCasePage_AsksTheCaseOfficersOnce_AndShowsThemInBothForms()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        var c = await app.CreateCaseAsync(supervisor);
        using var client = await app.SignedInClientAsync(supervisor);
        for (var i = 0; i < 2; i++) (await client.GetAsync($"/cases/{c.Id}")).EnsureSuccessStatusCode();
        var counter = app.Services.GetRequiredService<StatementCounter>();

        counter.Start();
        using var response = await client.GetAsync($"/cases/{c.Id}");
        var counted = counter.Stop();

        response.EnsureSuccessStatusCode();
        var page = Forms.Parse(await response.Content.ReadAsStringAsync());
        // The officers' statement is the one that asks the users' roles (the sign-in check takes them from the cookie).
        var officerReads = counted.Sent.Where(s => s.Contains("AspNetUserRoles", StringComparison.Ordinal)).ToList();
        Assert.True(officerReads.Count == 1, $"{officerReads.Count} reads of the case's officers:\n" + string.Join("\n", counted.Sent));
        foreach (var select in new[] { "#oic-officer", "#allocate-officer" })
            Assert.Contains(page.QuerySelectorAll($"{select} option"), o => o.GetAttribute("value") is { Length: > 0 } v
                && (v == supervisor.Id || v == supervisor.UserName));
    }

    /// <summary>Round 54 left the timeline naming other officers by login ("(investigator-3f2a…)", "A5 allocated to
    /// investigator-3f2a…"): its statement had no names read (ADR 3253). Now each is named, and the page sends no
    /// statement more than before for it: the investigator's and the reviewer's page of a case with a raised and allocated
    /// action, an override asked for and an FLO's visit send as many statements as main's did (counted there, 4c7c719).</summary>
    [Theory]
    [InlineData(Roles.Investigator)]
    [InlineData(Roles.Reviewer)]
    public async Task TheTimeline_NamesEachOfficer_WithoutAStatementMore(string reader)
    {
        var team = "tl-" + Guid.NewGuid().ToString("N")[..8];
        var ivy = await app.CreateUserAsync(Roles.Investigator, team);
        var sup = await app.CreateUserAsync(Roles.Supervisor, team);
        var flo = await app.CreateUserAsync(Roles.FamilyLiaison, team);
        var (ivyName, floName) = (await app.NameAsync(ivy, "DC Ivy Raises"), await app.NameAsync(flo, "DC Flo Visits"));
        var c = await app.CreateCaseAsync(ivy, Samples.Record() with { SceneFeatures = [] });
        using (var api = app.ApiClient(ivy))
        {
            (await api.PostAsJsonAsync($"/api/v1/cases/{c.Id}/actions", new RaiseActionRequest("Trace the caller", "detail", false, "high", null), ApiJson.Client)).EnsureSuccessStatusCode();
            var raised = (await Enquiries.EnquiryClient.ActionsAsync(api, c.Id)).Single(a => a.Title == "Trace the caller");
            using var supApi = app.ApiClient(sup);
            (await Enquiries.EnquiryClient.MoveAsync(supApi, c.Id, raised.Number, "allocate", ivy.UserName)).EnsureSuccessStatusCode();
            Assert.Equal(HttpStatusCode.Accepted, (await Enquiries.EnquiryClient.ClassifyAsync(api, c.Id, "unexpected-not-suspicious", "Coroner's hearing tomorrow")).StatusCode);
        }
        await app.WithScopeAsync(async sp =>
        {
            var liaison = sp.GetRequiredService<LiaisonCommands>();
            Assert.Null(await liaison.DeployAsync(c.Id, flo.Id, floName, "07700 900002", default));
            Assert.Null(await liaison.LogContactAsync(new FamilyContact { CaseId = c.Id, At = DateTime.UtcNow, Method = "visit", By = flo.UserName, Summary = "Met the mother" }, null, default));
            return true;
        });
        using var client = await app.SignedInClientAsync(reader == Roles.Investigator ? ivy : await app.CreateUserAsync(reader));
        for (var i = 0; i < 2; i++) (await client.GetAsync($"/cases/{c.Id}")).EnsureSuccessStatusCode();
        var counter = app.Services.GetRequiredService<StatementCounter>();

        counter.Start();
        using var response = await client.GetAsync($"/cases/{c.Id}");
        var counted = counter.Stop();
        if (Environment.GetEnvironmentVariable("VIGIL_STATEMENTS_LOG") is { Length: > 0 } log)
            await File.AppendAllTextAsync($"{log}.timeline", $"{app.Provider} {reader}: {counted.Statements} statements, {counted.RoundTrips} round trips\n  "
                + string.Join("\n  ", counted.Sent.Select(s => s.ReplaceLineEndings(" "))) + "\n");

        response.EnsureSuccessStatusCode();
        var timeline = Forms.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("#timeline ol.timeline")!.TextContent;
        Assert.Contains($"allocated to {ivyName}", timeline, StringComparison.Ordinal);
        Assert.Contains($"Trace the caller ({ivyName})", timeline, StringComparison.Ordinal);
        if (reader == Roles.Investigator) Assert.Contains($"Family contact by visit ({floName})", timeline, StringComparison.Ordinal);
        foreach (var login in new[] { ivy.UserName, sup.UserName, flo.UserName })
            Assert.DoesNotContain(login, timeline, StringComparison.Ordinal);
        var budget = (app.Provider, reader) switch
        {
            ("postgres", Roles.Investigator) => MainsCount.PostgresInvestigator,
            ("postgres", _) => MainsCount.PostgresReviewer,
            (_, Roles.Investigator) => MainsCount.SqliteInvestigator,
            _ => MainsCount.SqliteReviewer,
        };
        Assert.True(counted.Statements <= budget, $"{counted.Statements} statements, main sent {budget}:\n" + string.Join("\n", counted.Sent));
    }

    /// <summary>What main (4c7c719) sent for <see cref="TheTimeline_NamesEachOfficer_WithoutAStatementMore"/>'s page.</summary>
    private static class MainsCount
    {
        public const int PostgresInvestigator = 20, PostgresReviewer = 18, SqliteInvestigator = 19, SqliteReviewer = 17;
    }
}

public sealed class CasePageStatementsTests_Sqlite() : CasePageStatementsTests(changes => new SqliteApp { ServiceChanges = changes });

public sealed class CasePageStatementsTests_Postgres() : CasePageStatementsTests(changes => new PostgresApp { ServiceChanges = changes });
