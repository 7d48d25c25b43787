using Microsoft.Extensions.DependencyInjection;
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
}

public sealed class CasePageStatementsTests_Sqlite() : CasePageStatementsTests(changes => new SqliteApp { ServiceChanges = changes });

public sealed class CasePageStatementsTests_Postgres() : CasePageStatementsTests(changes => new PostgresApp { ServiceChanges = changes });
