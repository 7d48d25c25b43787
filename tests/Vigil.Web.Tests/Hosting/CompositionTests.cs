using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vigil.Web.Cli;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Rules;
using Vigil.Web.Features.Shared;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>One composition root for the web host and the CLI, and one options idiom: bound from configuration and
/// validated when the process starts, so a bad setting stops it with the setting's name instead of failing later.</summary>
public sealed class CompositionTests
{
    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Theory]
    [InlineData("Vigil:Enquiries:ReviewSchedule", "weekly", "ReviewSchedule")]
    [InlineData("Vigil:Linkage:AlertThreshold", "7", "AlertThreshold")]
    [InlineData("Vigil:Family:ContactEvery", "-1.00:00:00", "Vigil:Family")]
    [InlineData("Vigil:TimeZone", "Atlantis/Lost", "Vigil:TimeZone")]
    public void ABadSetting_StopsStart_NamingIt(string key, string value, string named)
    {
        using var services = Composition.Services(Config((key, value)));
        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_AreBoundFromConfiguration()
    {
        using var services = Composition.Services(Config(("Vigil:Enquiries:ReviewSchedule", "12h,3d"), ("Vigil:LoginAttemptsPerMinute", "7")));
        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(["12h", "3d"], services.GetRequiredService<IOptions<EnquiryOptions>>().Value.Reviews().Select(r => r.Label));
        Assert.Equal(7, services.GetRequiredService<IOptions<VigilSettings>>().Value.LoginAttemptsPerMinute);
    }

}

[Collection(SqliteCollection.Name)]
public sealed class CompositionRootTests(SqliteApp web)
{
    [Fact]
    public void TheCliAndTheWebHost_ComposeTheSameCapabilities()
    {
        using var cli = CliServices.Build(new Dictionary<string, string?> { ["Vigil:Database"] = web.Database, ["Vigil:AuditKeyFile"] = web.AuditKeyFile });
        using var scope = cli.CreateScope();
        using var webScope = web.Services.CreateScope();
        Assert.NotEmpty(Names<ICaseChangeHook>(scope.ServiceProvider));
        Assert.Equal(Names<ICaseChangeHook>(webScope.ServiceProvider), Names<ICaseChangeHook>(scope.ServiceProvider));
        Assert.Equal(Names<ICaseEventListener>(webScope.ServiceProvider), Names<ICaseEventListener>(scope.ServiceProvider));
        Assert.Equal(Names<ICaseChangeGate>(webScope.ServiceProvider), Names<ICaseChangeGate>(scope.ServiceProvider));
        Assert.Equal(web.Services.GetServices<NavLink>().Select(l => l.Href), cli.GetServices<NavLink>().Select(l => l.Href));
    }

    private static string[] Names<T>(IServiceProvider sp) where T : notnull =>
        [.. sp.GetServices<T>().Select(s => s.GetType().FullName!).Order(StringComparer.Ordinal)];
}
