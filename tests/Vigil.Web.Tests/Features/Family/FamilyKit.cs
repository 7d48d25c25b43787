using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Family.Portal;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>A case with an FLO, a family member and (optionally) a signed-in portal account, made through the real services.</summary>
public sealed record FamilyCase(CaseResponse Case, TestUser Investigator, TestUser Flo, Guid MemberId, string Marker);

public static class FamilyKit
{
    public const string FamilyPassword = "our brother deserved better";

    public static async Task<FamilyCase> CaseAsync(VigilAppFactory app)
    {
        var team = "fam-" + Guid.NewGuid().ToString("N")[..8];
        var investigator = await app.CreateUserAsync(Roles.Investigator, team);
        var flo = await app.CreateUserAsync(Roles.FamilyLiaison, team);
        var marker = "M" + Guid.NewGuid().ToString("N")[..10];
        var created = await app.CreateCaseAsync(investigator, Samples.Record(name: "Anthony " + marker));
        var memberId = Guid.Empty;
        await app.WithScopeAsync(async sp =>
        {
            var commands = sp.GetRequiredService<LiaisonCommands>();
            await commands.DeployAsync(created.Id, flo.Id, "DC Flo " + marker, "07700 900001", default);
            var member = new FamilyMember { CaseId = created.Id, Name = "Sarah " + marker, Relationship = "sister" };
            await commands.AddMemberAsync(member, default);
            memberId = member.Id;
            return true;
        });
        return new FamilyCase(created, investigator, flo, memberId, marker);
    }

    public static Task<string> InviteAsync(VigilAppFactory app, FamilyCase f) =>
        app.WithScopeAsync(async sp => (await sp.GetRequiredService<FamilyInvitations>().CreateAsync(f.Case.Id, f.MemberId, f.Flo.UserName, default)).Token);

    public static HttpClient Browser(VigilAppFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static Task<HttpResponseMessage> AcceptAsync(HttpClient client, string token, string userName, string password = FamilyPassword) =>
        // The antiforgery token comes from the login page, so a dead invitation (no form on its page) can still be posted.
        Forms.PostAsync(client, "/family/accept", new() { ["Token"] = token, ["UserName"] = userName, ["Password"] = password, ["Confirm"] = password }, "/family/login");

    /// <summary>A browser signed in to the portal as a new family account of the case.</summary>
    public static async Task<(HttpClient Client, string UserName)> FamilySessionAsync(VigilAppFactory app, FamilyCase f) =>
        (await FamilySessionWithCookieAsync(app, f)) is var s ? (s.Client, s.UserName) : default;

    /// <summary>Also returns the raw portal cookie, to replay it where a browser would not send it (staff routes).</summary>
    public static async Task<(HttpClient Client, string UserName, string Cookie)> FamilySessionWithCookieAsync(VigilAppFactory app, FamilyCase f)
    {
        var client = Browser(app);
        var userName = "fam-" + Guid.NewGuid().ToString("N")[..10];
        var response = await AcceptAsync(client, await InviteAsync(app, f), userName);
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"accept failed: {response.StatusCode}");
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(FamilyAuth.CookieName + "=", StringComparison.Ordinal));
        return (client, userName, cookie.Split(';')[0]);
    }

    public static async Task<HttpResponseMessage> LoginAsync(HttpClient client, string userName, string password, string? code = null) =>
        await Forms.PostAsync(client, "/family/login", new() { ["UserName"] = userName, ["Password"] = password, ["Code"] = code ?? "" });
}
