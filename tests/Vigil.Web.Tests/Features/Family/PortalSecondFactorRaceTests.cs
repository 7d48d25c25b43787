using System.Net;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using Vigil.Data.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>sec62, the portal's second factor under attack: tries sent at once were counted by each reading the count
/// before any saved it (20 wrong codes counted 2, and nothing paused), and one code sent five times at once signed in
/// three sessions. Each try is counted, and a code's step taken, in one statement (ADR 3322).</summary>
public abstract class PortalSecondFactorRaceTests(VigilAppFactory app)
{
    [Fact]
    public async Task TwentyWrongCodes_SentAtOnce_PauseTheAccount_SoTheRightCodeIsThenRefused()
    {
        var (userName, secret) = await AccountWithCodesAsync();
        var answers = await AllAtOnceAsync(userName, Enumerable.Range(0, 20).Select(i => WrongCode(secret, i)).ToList());
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));

        using var owner = FamilyKit.Browser(app);
        var right = await FamilyKit.LoginAsync(owner, userName, FamilyKit.FamilyPassword, new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp());
        Assert.Equal(HttpStatusCode.OK, right.StatusCode); // paused: the page again, not the redirect into the portal
        Assert.True(await app.WithDbAsync(db => db.FamilyAccounts.AnyAsync(a => a.UserName == userName && a.LockedUntil > DateTime.UtcNow)));
    }

    [Fact]
    public async Task OneCode_SentFiveTimesAtOnce_SignsInOnce()
    {
        var (userName, secret) = await AccountWithCodesAsync();
        var code = new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp();
        var answers = await AllAtOnceAsync(userName, Enumerable.Repeat(code, 5).ToList());
        Assert.Single(answers, a => a == HttpStatusCode.Redirect);
    }

    /// <summary>A portal account with a second factor turned on (its key set as the security page sets it).</summary>
    private async Task<(string UserName, string Secret)> AccountWithCodesAsync()
    {
        var f = await FamilyKit.CaseAsync(app);
        var (client, userName) = await FamilyKit.FamilySessionAsync(app, f);
        client.Dispose();
        var secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        await app.WithDbAsync(async db =>
        {
            var account = await db.FamilyAccounts.SingleAsync(a => a.UserName == userName);
            account.TotpSecret = secret;
            await db.SaveChangesAsync();
        });
        return (userName, secret);
    }

    /// <summary>One sign-in per code, each from a browser of its own that has opened the sign-in page, posted together.</summary>
    private async Task<List<HttpStatusCode>> AllAtOnceAsync(string userName, List<string> codes)
    {
        var browsers = new List<(HttpClient Client, string Token, string Code)>();
        foreach (var code in codes)
        {
            var client = FamilyKit.Browser(app);
            browsers.Add((client, Forms.AntiforgeryToken(await client.GetStringAsync("/family/login"))!, code));
        }
        var answers = await Task.WhenAll(browsers.Select(b => b.Client.PostAsync("/family/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName, ["Password"] = FamilyKit.FamilyPassword, ["Code"] = b.Code, ["__RequestVerificationToken"] = b.Token,
        }))));
        browsers.ForEach(b => b.Client.Dispose());
        return [.. answers.Select(a => a.StatusCode)];
    }

    /// <summary>A code of none of the steps the server accepts now (it allows one step of drift either way).</summary>
    private static string WrongCode(string secret, int i)
    {
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        var now = DateTime.UtcNow;
        var valid = new[] { -60, -30, 0, 30, 60 }.Select(s => totp.ComputeTotp(now.AddSeconds(s))).ToHashSet();
        return Enumerable.Range(i * 7919, 100).Select(n => (n % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !valid.Contains(c));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PortalSecondFactorRaceTests_Sqlite(SqliteApp app) : PortalSecondFactorRaceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PortalSecondFactorRaceTests_Postgres(PostgresApp app) : PortalSecondFactorRaceTests(app);
