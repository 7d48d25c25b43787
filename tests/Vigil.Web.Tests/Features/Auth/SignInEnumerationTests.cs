using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Features.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Auth;

/// <summary>Issue 8, finding 5: sign-in tells nobody which accounts exist. An unknown name, a wrong password, a locked
/// account and a disabled one get the same message and the same password-hashing work (the timing is measured by
/// scripts/login-timing.py, not asserted: ADR 0007).</summary>
public abstract class SignInEnumerationTests(VigilAppFactory app)
{
    private static async Task<string> StaffMessageAsync(HttpClient client, string userName, string password)
    {
        var response = await Forms.PostAsync(client, "/login", new() { ["Input.UserName"] = userName, ["Input.Password"] = password });
        return Forms.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".error-summary, [role=alert], .validation-summary-errors")?.TextContent.Trim() ?? $"(no message, {(int)response.StatusCode})";
    }

    [Fact]
    public async Task StaffSignIn_AnswersLockedAndDisabledAccountsAsIfTheyDidNotExist()
    {
        var locked = await app.CreateUserAsync(Roles.Investigator);
        var disabled = await app.CreateUserAsync(Roles.Investigator);
        await app.WithScopeAsync(async sp => { await sp.GetRequiredService<Vigil.Web.Features.Users.UserAdmin>().SetDisabledAsync(disabled.UserName, true); return 0; });
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var unknown = await StaffMessageAsync(client, "nobody-" + Guid.NewGuid().ToString("N")[..8], "wrong password!!");
        for (var i = 0; i < 5; i++) await StaffMessageAsync(client, locked.UserName, "wrong password!!");
        await app.WithDbAsync(async db => Assert.True((await db.Users.SingleAsync(u => u.Id == locked.Id)).LockoutEnd > DateTimeOffset.UtcNow));

        Assert.Equal(unknown, await StaffMessageAsync(client, locked.UserName, "wrong password!!"));
        Assert.Equal(unknown, await StaffMessageAsync(client, locked.UserName, VigilAppFactory.Password)); // lockout holds, and says nothing
        Assert.Equal(unknown, await StaffMessageAsync(client, disabled.UserName, "wrong password!!"));
        // Only someone who knows the password learns that the account is disabled.
        Assert.Contains("disabled", await StaffMessageAsync(client, disabled.UserName, VigilAppFactory.Password), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FamilySignIn_AnswersALockedAccountAsIfItDidNotExist()
    {
        var f = await FamilyKit.CaseAsync(app);
        var (_, userName) = await FamilyKit.FamilySessionAsync(app, f);
        using var client = FamilyKit.Browser(app);
        var unknown = await FamilyMessageAsync(client, "nobody-" + Guid.NewGuid().ToString("N")[..8], "wrong");
        for (var i = 0; i < 5; i++) await FamilyMessageAsync(client, userName, "wrong " + i);
        await app.WithDbAsync(async db => Assert.NotNull((await db.FamilyAccounts.SingleAsync(a => a.UserName == userName)).LockedUntil));
        Assert.Equal(unknown, await FamilyMessageAsync(client, userName, "wrong again"));
        Assert.Equal(unknown, await FamilyMessageAsync(client, userName, FamilyKit.FamilyPassword));
    }

    private static async Task<string> FamilyMessageAsync(HttpClient client, string userName, string password) =>
        Forms.Parse(await (await FamilyKit.LoginAsync(client, userName, password)).Content.ReadAsStringAsync())
            .QuerySelector("[role=alert]")?.TextContent.Trim() ?? "(no message)";

    [Fact]
    public async Task EveryFailedSignIn_HashesAPassword_WhetherOrNotTheAccountExists()
    {
        var staffHasher = new CountingHasher<VigilUser>();
        var familyHasher = new CountingHasher<FamilyAccount>();
        await using var counted = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<IPasswordHasher<VigilUser>>(staffHasher);
            s.AddSingleton<IPasswordHasher<FamilyAccount>>(familyHasher);
        }));
        var known = await app.CreateUserAsync(Roles.Investigator);
        using var client = counted.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        foreach (var name in new[] { known.UserName, "nobody-" + Guid.NewGuid().ToString("N")[..8] })
        {
            var before = staffHasher.Verifications;
            await StaffMessageAsync(client, name, "wrong password!!");
            Assert.Equal(1, staffHasher.Verifications - before);
        }
        for (var i = 0; i < 5; i++) await StaffMessageAsync(client, known.UserName, "wrong password!!");
        var beforeLocked = staffHasher.Verifications;
        await StaffMessageAsync(client, known.UserName, "wrong password!!");
        Assert.Equal(1, staffHasher.Verifications - beforeLocked);

        var familyBefore = familyHasher.Verifications;
        await FamilyMessageAsync(client, "nobody-" + Guid.NewGuid().ToString("N")[..8], "wrong");
        Assert.Equal(1, familyHasher.Verifications - familyBefore);
    }

    /// <summary>The real hasher, counting how often a password is checked.</summary>
    private sealed class CountingHasher<T> : IPasswordHasher<T> where T : class
    {
        private readonly PasswordHasher<T> inner = new();
        private int verifications;
        public int Verifications => Volatile.Read(ref verifications);
        public string HashPassword(T user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(T user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SignInEnumerationTests_Sqlite(SqliteApp app) : SignInEnumerationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SignInEnumerationTests_Postgres(PostgresApp app) : SignInEnumerationTests(app);
