using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Web.Features.Audit;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Audit;

/// <summary>ADR 1602: nodes started together reach their signing tick together; one signs, the others leave it to
/// that one rather than each reading and hashing the same new entries for a head only one keeps.</summary>
public sealed class TreeHeadSignerTests
{
    [Fact]
    public async Task WhileAnotherNodeSigns_ATickLeavesItThatTurn_ThenSignsOnceFree()
    {
        await using var store = await SharedStore.CreateAsync("postgres");
        await store.CreateUserAsync(Roles.Investigator, "signer-team"); // the log has entries to sign
        await using var services = store.Services();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();

        // Another node signing, as far as this one can tell: a session holding the signer's turn.
        await using var holder = services.CreateAsyncScope();
        var other = holder.ServiceProvider.GetRequiredService<VigilDbContext>();
        StoreLocks.UseSessionPool(other);
        await other.Database.OpenConnectionAsync();
        Assert.True(await StoreLocks.TryTreeHeadSignerAsync(other, default));

        Assert.False(await TreeHeadSigning.SignOnceAsync(scopes, default));
        Assert.Equal(0, await HeadsAsync(services));

        await StoreLocks.ReleaseTreeHeadSignerAsync(other, default);
        Assert.True(await TreeHeadSigning.SignOnceAsync(scopes, default));
        Assert.Equal(1, await HeadsAsync(services));
        // The turn went back with the tick: the next one takes it again.
        Assert.True(await TreeHeadSigning.SignOnceAsync(scopes, default));
    }

    private static async Task<int> HeadsAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<VigilDbContext>().AuditTreeHeads.CountAsync();
    }
}
