using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Web.Features.Family.Liaison;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>ADR 1648: the deaths waiting for an FLO are found as ids from the family tables first, and only then are the
/// reader's cases among them read. Asked in one statement, the database read every case of the store to test it (a
/// million deaths: 3.6–3.8 s for the waiting list).</summary>
public abstract class WaitingForFloStatementsTests
{
    protected abstract VigilAppFactory NewApp(Action<IServiceCollection> services);

    [Fact]
    public async Task TheWaitingDeaths_AreFoundBeforeTheReadersCasesAreRead_AndStillOnlyTheReadersTeams()
    {
        var sent = new SqlSent();
        await using var app = NewApp(s => s.AddSingleton<IInterceptor>(sent));
        await app.InitializeAsync();
        var team = "wait-" + Guid.NewGuid().ToString("N")[..8];
        var ivy = await app.CreateUserAsync(Roles.Investigator, team);
        var flo = await app.CreateUserAsync(Roles.FamilyLiaison, team);
        var fresh = await app.CreateCaseAsync(ivy, Samples.Record(foundAt: DateTimeOffset.UtcNow.AddHours(-3)));
        var elsewhere = await app.CreateCaseAsync(await app.CreateUserAsync(Roles.Investigator, "other-" + team),
            Samples.Record(foundAt: DateTimeOffset.UtcNow.AddHours(-2)));
        using var client = await app.SignedInClientAsync(flo);

        sent.Texts.Clear();
        var html = await client.GetStringAsync(WaitingForFlo.Href);
        Assert.Contains(fresh.Reference, html, StringComparison.Ordinal);
        Assert.DoesNotContain(elsewhere.Reference, html, StringComparison.Ordinal);
        Assert.Equal("1 death of your teams", Forms.Parse(await client.GetStringAsync("/liaison")).QuerySelector($"a[href='{WaitingForFlo.Href}']")!.TextContent);

        // The waiting deaths (found lately, or known to liaison) are read in statements of their own, with no reader's
        // team in them; the reader's cases are then read by id. On the count (/liaison) and on the list alike.
        var waitingSets = sent.Texts.Where(sql => sql.Contains("\"FoundAt\" >=", StringComparison.Ordinal)).ToList();
        Assert.All(waitingSets, sql => Assert.DoesNotContain("\"TeamId\"", sql, StringComparison.Ordinal));
        Assert.Equal(2, waitingSets.Count); // one for the list, one for the count
    }
}

public sealed class WaitingForFloStatementsTests_Sqlite : WaitingForFloStatementsTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new SqliteApp { ServiceChanges = services };
}

[Collection(PostgresCollection.Name)]
public sealed class WaitingForFloStatementsTests_Postgres : WaitingForFloStatementsTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new PostgresApp { ServiceChanges = services };
}
