using Vigil.Web.Features.Auth;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Shared;

namespace Vigil.Web.Features.Linkage;

/// <summary>The linkage capability: engine singleton, change hook, queue, comparison, clusters, inbox, verbs.</summary>
public static class LinkageSetup
{
    public static IServiceCollection AddVigilLinkage(this IServiceCollection services)
    {
        // The CLI's container has no IConfiguration: it reads the same VIGIL__LINKAGE__… variables itself.
        services.AddSingleton(sp => LinkageSettings.From(sp.GetService<IConfiguration>() ?? new ConfigurationBuilder().AddEnvironmentVariables().Build()));
        services.AddSingleton<LinkageEngine>();
        services.AddScoped<ICaseChangeHook, LinkageHook>();
        services.AddScoped<LinkageAccess>();
        services.AddScoped<LinkDecisions>();
        services.AddScoped<Alerts.AlertWriter>();
        services.AddScoped<Series.SeriesDossiers>();
        services.AddScoped<Clusters.ClusterScan>();
        CasePanels.Register("~/Features/Linkage/_CasePanel.cshtml", order: 50);
        NavLinks.Add(new NavLink("Linkage", "/linkage", Policies.ReadLinkage));
        NavLinks.Add(new NavLink("Notifications", "/linkage/notifications", Policies.ReadCases));
        return services;
    }

    public static RouteGroupBuilder MapLinkageApi(this RouteGroupBuilder api) => Series.SeriesApi.Map(LinkageApi.Map(api));
}
