using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Features.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Auth;

/// <summary>ADR 1615: a burst of sign-ins checks at most Vigil:ConcurrentPasswordChecks passwords at a time, staff and
/// family alike, and every sign-in still gets its answer.</summary>
public abstract class PasswordCheckGateTests(VigilAppFactory app)
{
    [Fact]
    public async Task ABurstOfSignIns_ChecksAtMostTheConfiguredNumberOfPasswordsAtOnce_AndAnswersEveryOne()
    {
        var overlap = new Overlap();
        await using var gated = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Vigil:ConcurrentPasswordChecks", "2");
            b.ConfigureTestServices(s =>
            {
                s.AddSingleton<IPasswordHasher<VigilUser>>(new SlowHasher<VigilUser>(overlap));
                s.AddSingleton<IPasswordHasher<FamilyAccount>>(new SlowHasher<FamilyAccount>(overlap));
            });
        });
        var officers = new List<TestUser>();
        for (var i = 0; i < 6; i++) officers.Add(await app.CreateUserAsync(Roles.Investigator));
        var (_, family) = await FamilyKit.FamilySessionAsync(app, await FamilyKit.CaseAsync(app));

        var staff = officers.Select(o => StaffAsync(gated, o.UserName, VigilAppFactory.Password))
            .Append(StaffAsync(gated, "nobody-" + Guid.NewGuid().ToString("N")[..8], "wrong password!!"));
        var families = new[] { FamilyAsync(gated, family, FamilyKit.FamilyPassword), FamilyAsync(gated, "nobody-" + Guid.NewGuid().ToString("N")[..8], "wrong") };
        var answers = await Task.WhenAll(staff.Concat(families));

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Redirect, 6), HttpStatusCode.OK, HttpStatusCode.Redirect, HttpStatusCode.OK], answers);
        Assert.True(overlap.Checks >= answers.Length, $"{overlap.Checks} password checks for {answers.Length} sign-ins");
        Assert.InRange(overlap.Most, 1, 2);
    }

    private static async Task<HttpStatusCode> StaffAsync(WebApplicationFactory<Program> host, string userName, string password)
    {
        using var client = host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        return (await Forms.PostAsync(client, "/login", new() { ["Input.UserName"] = userName, ["Input.Password"] = password })).StatusCode;
    }

    private static async Task<HttpStatusCode> FamilyAsync(WebApplicationFactory<Program> host, string userName, string password)
    {
        using var client = host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        return (await FamilyKit.LoginAsync(client, userName, password)).StatusCode;
    }

    /// <summary>How many password checks ran at once, at most.</summary>
    private sealed class Overlap
    {
        private int running, most, checks;
        public int Most => Volatile.Read(ref most);
        public int Checks => Volatile.Read(ref checks);

        public T Measure<T>(Func<T> check)
        {
            var now = Interlocked.Increment(ref running);
            Interlocked.Increment(ref checks);
            for (var seen = Volatile.Read(ref most); now > seen && Interlocked.CompareExchange(ref most, now, seen) != seen; seen = Volatile.Read(ref most))
            {
            }
            try
            {
                // Long enough that checks started together would overlap without the gate, as real hashing's CPU does.
                Thread.Sleep(50);
                return check();
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        }
    }

    /// <summary>The real hasher, slowed and watched.</summary>
    private sealed class SlowHasher<T>(Overlap overlap) : IPasswordHasher<T> where T : class
    {
        private readonly PasswordHasher<T> inner = new();
        public string HashPassword(T user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(T user, string hashedPassword, string providedPassword) =>
            overlap.Measure(() => inner.VerifyHashedPassword(user, hashedPassword, providedPassword));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PasswordCheckGateTests_Sqlite(SqliteApp app) : PasswordCheckGateTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PasswordCheckGateTests_Postgres(PostgresApp app) : PasswordCheckGateTests(app);
