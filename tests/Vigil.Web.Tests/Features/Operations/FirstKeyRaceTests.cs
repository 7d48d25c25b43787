using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Web.Features.Audit;
using Vigil.Web.Features.Users;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Operations;

/// <summary>Two processes setting up one new store at the same instant (ADR 1131): one data-protection key, one
/// audit key, and each honours what the other protected and verifies the chain the other wrote to.</summary>
public sealed class FirstKeyRaceTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TwoSetupsOnANewStore_MakeExactlyOneKey_AndShareOneChain(string provider)
    {
        await using var store = await SharedStore.CreateAsync(provider, migrate: false);
        // Two service providers: separate key managers, hashers and caches, as two processes have.
        await using var one = store.Services();
        await using var two = store.Services();
        using var start = new Barrier(2);
        await Task.WhenAll(
            Task.Run(async () => { start.SignalAndWait(); await DataSetup.MigrateAsync(one); }),
            Task.Run(async () => { start.SignalAndWait(); await DataSetup.MigrateAsync(two); }));

        await using (var scope = one.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
            Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.EntityType == "DataProtectionKey"));
        }
        Assert.True(File.Exists(store.AuditKeyFile));

        // A cookie protected by one is read by the other, both ways.
        var fromOne = one.GetRequiredService<IDataProtectionProvider>().CreateProtector("race").Protect("made by one");
        var fromTwo = two.GetRequiredService<IDataProtectionProvider>().CreateProtector("race").Protect("made by two");
        Assert.Equal("made by one", two.GetRequiredService<IDataProtectionProvider>().CreateProtector("race").Unprotect(fromOne));
        Assert.Equal("made by two", one.GetRequiredService<IDataProtectionProvider>().CreateProtector("race").Unprotect(fromTwo));

        // Each appends to the chain; each verifies all of it, to the same head.
        await Task.WhenAll(AddTeamAsync(one, "race-one"), AddTeamAsync(two, "race-two"));
        var verified = await Task.WhenAll(VerifyAsync(one), VerifyAsync(two));
        Assert.All(verified, v => Assert.True(v.Intact, v.FirstProblem?.ToString()));
        Assert.Equal(verified[0].HeadHash, verified[1].HeadHash);
        Assert.True(verified[0].Checked >= 3, $"{verified[0].Checked} entries checked");
    }

    private static async Task AddTeamAsync(IServiceProvider services, string team)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UserAdmin>().EnsureTeamAsync(team, default);
    }

    private static async Task<AuditVerification> VerifyAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(null, default);
    }
}
