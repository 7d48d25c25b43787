using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Hosting;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>My work gained two counts in round 56 (the results awaiting review, ADR 3260; the actions waiting for
/// allocation on the cases the officer leads, ADR 3262), each folded into a statement it sent already: the page sends as
/// many statements as main's did (counted there, 02076e7).</summary>
public abstract class MyWorkStatementsTests(Func<Action<IServiceCollection>, VigilAppFactory> newApp) : IAsyncLifetime
{
    private readonly VigilAppFactory app = newApp(StatementCounter.Register);

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task MyWork_SendsNoStatementMoreThanMainDid()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using (var api = app.ApiClient(ivy))
        {
            var first = (await ActionsAsync(api, c.Id))[0];
            (await MoveAsync(api, c.Id, first.Number, "allocate", ivy.UserName)).EnsureSuccessStatusCode();
            (await MoveAsync(api, c.Id, first.Number, "submit-result", text: "done")).EnsureSuccessStatusCode();
        }
        using var client = await app.SignedInClientAsync(ivy);
        for (var i = 0; i < 2; i++) (await client.GetAsync("/enquiries/my-work")).EnsureSuccessStatusCode();
        var counter = app.Services.GetRequiredService<StatementCounter>();

        counter.Start();
        using var response = await client.GetAsync("/enquiries/my-work");
        var counted = counter.Stop();

        response.EnsureSuccessStatusCode();
        var budget = app.Provider == "postgres" ? MainsCount.Postgres : MainsCount.Sqlite;
        Assert.True(counted.Statements <= budget, $"{app.Provider}: {counted.Statements} statements ({counted.RoundTrips} round trips), main sent {budget}:\n"
            + string.Join("\n", counted.Sent.Select(s => s.ReplaceLineEndings(" "))));
    }

    /// <summary>What main (02076e7) sent for <see cref="MyWork_SendsNoStatementMoreThanMainDid"/>'s page.</summary>
    private static class MainsCount
    {
        public const int Postgres = 14, Sqlite = 13;
    }
}

public sealed class MyWorkStatementsTests_Sqlite() : MyWorkStatementsTests(changes => new SqliteApp { ServiceChanges = changes });

public sealed class MyWorkStatementsTests_Postgres() : MyWorkStatementsTests(changes => new PostgresApp { ServiceChanges = changes });
