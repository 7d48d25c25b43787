using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Auth;

/// <summary>sec63's leftover, sec64 (ADR 3349): signing out ends every session of the user with a new security stamp.
/// Identity writes it under the concurrency stamp the request read and answers a failed result, not an exception, when
/// another write came between (a try counted on another browser): the other sessions then lived on. The write that comes
/// between is made by <see cref="ClashOnce"/> as Identity's save of the stamp begins, committed before it.</summary>
public abstract class SessionEndClashTests
{
    protected abstract VigilAppFactory NewApp(Action<IServiceCollection> services);

    [Fact]
    public Task SigningOut_WhileAnotherWriteChangesTheRow_StillEndsTheOtherSessions() => EndsTheOtherSessionAsync(_ => Task.CompletedTask,
        async here => Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(here, "/logout", [], "/cases")).StatusCode));

    /// <summary>The password page's try that locks the account ends every session with the same helper (ADR 3124, 3349):
    /// the fifth wrong current password, with another write coming between the page's read of the row and its new stamp.</summary>
    [Fact]
    public Task LockingTheAccountOnThePasswordPage_WhileAnotherWriteChangesTheRow_StillEndsTheOtherSessions() => EndsTheOtherSessionAsync(
        async here =>
        {
            for (var i = 0; i < 4; i++)
                Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Forms.PostAsync(here, "/account/password", Guess(i))).StatusCode);
        },
        async here => Assert.Equal("/login", (await Forms.PostAsync(here, "/account/password", Guess(4))).Headers.Location?.OriginalString));

    private static Dictionary<string, string> Guess(int i) =>
        new() { ["Password.Current"] = $"a wrong guess {i}", ["Password.New"] = "a new passphrase", ["Password.Confirm"] = "a new passphrase" };

    /// <summary>Signs the user in twice; in the first session runs <paramref name="before"/>, arms the clash and runs
    /// <paramref name="ending"/>, which must end every session: the second one is then sent to sign in.</summary>
    private async Task EndsTheOtherSessionAsync(Func<HttpClient, Task> before, Func<HttpClient, Task> ending)
    {
        var clash = new ClashOnce();
        await using var app = NewApp(s => s.AddSingleton<IInterceptor>(clash));
        await app.InitializeAsync();
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var here = await app.SignedInClientAsync(ivy);
        using var elsewhere = await app.SignedInClientAsync(ivy);
        await before(here);

        clash.Arm(ivy.Id);
        await ending(here);
        Assert.True(clash.Fired);
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.GetAsync("/cases")).StatusCode); // to sign in: ended too
    }

    /// <summary>Once armed, changes the user's concurrency stamp as the save that writes their new security stamp begins,
    /// before its transaction: the committed write of another request that came between this one's read and its write.
    /// (Written inside the save's transaction it would be rolled back with the failed write, and a later save of the
    /// request, revoking the user's tokens, then wrote the stamp anyway: so the password page's test passed without the
    /// retry in round 64, ADR 3363.)</summary>
    private sealed class ClashOnce : SaveChangesInterceptor
    {
        private string? userId;
        private int fired;

        public bool Fired => fired == 1;

        public void Arm(string id) => userId = id;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (userId is { } id && eventData.Context is { } db && WritesStampOf(db, id) && Interlocked.Exchange(ref fired, 1) == 0)
                await db.Database.ExecuteSqlAsync($"UPDATE \"AspNetUsers\" SET \"ConcurrencyStamp\" = {Guid.NewGuid().ToString()} WHERE \"Id\" = {id}", cancellationToken);
            return result;
        }

        private static bool WritesStampOf(DbContext db, string id) => db.ChangeTracker.Entries<VigilUser>().Any(e => e.Entity.Id == id
            && !string.Equals(e.Property(u => u.SecurityStamp).OriginalValue, e.Property(u => u.SecurityStamp).CurrentValue, StringComparison.Ordinal));
    }
}

public sealed class SessionEndClashTests_Sqlite : SessionEndClashTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new SqliteApp { ServiceChanges = services };
}

public sealed class SessionEndClashTests_Postgres : SessionEndClashTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new PostgresApp { ServiceChanges = services };
}
