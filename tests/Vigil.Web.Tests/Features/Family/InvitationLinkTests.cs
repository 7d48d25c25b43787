using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>Issue 8, finding 10: the invitation link an FLO passes to a family is built from Vigil:PublicBaseUrl, never
/// from the Host header of the FLO's request, which anyone between them and Vigil can forge (ADR 0504).</summary>
public abstract class InvitationLinkTests(VigilAppFactory app)
{
    private const string Forged = "evil.example";

    /// <summary>Signs the FLO in on the given host and presses "Invite" with a forged Host header; returns the page shown after.</summary>
    private static async Task<string> InviteWithForgedHostAsync(WebApplicationFactory<Program> host, FamilyCase f)
    {
        using var flo = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });
        await Forms.PostAsync(flo, "/login", new() { ["Input.UserName"] = f.Flo.UserName, ["Input.Password"] = VigilAppFactory.Password });
        flo.DefaultRequestHeaders.Host = Forged;
        var response = await Forms.PostAsync(flo, $"/cases/{f.Case.Id}/family?handler=Invite", new() { ["memberId"] = f.MemberId.ToString() }, $"/cases/{f.Case.Id}/family");
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task InvitationLink_UsesThePublicBaseUrl_NotAForgedHostHeader()
    {
        var f = await FamilyKit.CaseAsync(app);
        await using var configured = app.WithWebHostBuilder(b => b.UseSetting("Vigil:PublicBaseUrl", "https://vigil.force.example"));
        var page = await InviteWithForgedHostAsync(configured, f);
        var link = Forms.Parse(page).QuerySelector("#invitation-link")?.TextContent;
        Assert.NotNull(link);
        Assert.StartsWith("https://vigil.force.example/family/accept?token=", link, StringComparison.Ordinal);
        Assert.DoesNotContain(Forged, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAPublicBaseUrl_TheLinkUsesTheServersOwnAddress_NeverTheHostHeader()
    {
        var f = await FamilyKit.CaseAsync(app);
        var page = await InviteWithForgedHostAsync(app, f);
        Assert.DoesNotContain(Forged, page, StringComparison.Ordinal);
        Assert.Contains("/family/accept?token=", Forms.Parse(page).QuerySelector("#invitation-link")?.TextContent, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InvitationLinkTests_Sqlite(SqliteApp app) : InvitationLinkTests(app);

[Collection(PostgresCollection.Name)]
public sealed class InvitationLinkTests_Postgres(PostgresApp app) : InvitationLinkTests(app);

public sealed class PublicBaseUrlSettingTests
{
    /// <summary>An in-memory server with the given listening addresses: what Kestrel reports after binding.</summary>
    private sealed class Listening(params string[] addresses) : Microsoft.AspNetCore.Hosting.Server.IServer
    {
        public Microsoft.AspNetCore.Http.Features.IFeatureCollection Features { get; } = Make(addresses);
        private static Microsoft.AspNetCore.Http.Features.FeatureCollection Make(string[] addresses)
        {
            var features = new Microsoft.AspNetCore.Http.Features.FeatureCollection();
            var feature = new Microsoft.AspNetCore.Hosting.Server.Features.ServerAddressesFeature();
            foreach (var a in addresses) feature.Addresses.Add(a);
            features.Set<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>(feature);
            return features;
        }
        public Task StartAsync<TContext>(Microsoft.AspNetCore.Hosting.Server.IHttpApplication<TContext> application, CancellationToken ct) where TContext : notnull => Task.CompletedTask;
        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
        public void Dispose() { }
    }

    private static Vigil.Web.Hosting.PublicLinks Links(string? configured, params string[] addresses) =>
        new(Microsoft.Extensions.Options.Options.Create(new Vigil.Web.Hosting.VigilSettings { PublicBaseUrl = configured }), new Listening(addresses));

    [Fact]
    public void TheConfiguredAddressWins_ThenASingleHostTheServerListensOn_AndABindingToEveryInterfaceGivesNoLink()
    {
        Assert.Equal("https://vigil.force.example/family/accept?token=t", Links("https://vigil.force.example/", "http://127.0.0.1:5080").For("/family/accept?token=t"));
        Assert.Equal("http://127.0.0.1:5080/x", Links(null, "http://127.0.0.1:5080").For("/x"));
        Assert.Null(Links(null, "http://0.0.0.0:5080").For("/x"));
        Assert.Null(Links(null, "http://[::]:5080").For("/x"));
        Assert.Null(Links(null).For("/x"));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("https://vigil.force.example", true)]
    [InlineData("http://127.0.0.1:5080/", true)]
    [InlineData("vigil.force.example", false)]
    [InlineData("ftp://vigil.force.example", false)]
    [InlineData("https://vigil.force.example/app?x=1", false)]
    public void OnlyAnAbsoluteHttpAddressWithoutPath_IsAccepted(string? value, bool valid) =>
        Assert.Equal(valid, Vigil.Web.Hosting.PublicLinks.IsValidBaseUrl(value));
}
