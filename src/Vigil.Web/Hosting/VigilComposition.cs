using Vigil.Web.Features.Import;

namespace Vigil.Web.Hosting;

/// <summary>The one composition root: every service a Vigil process needs, for the web host and the CLI verbs alike,
/// so a verb runs the same data layer, audit chain, rules and hooks as the web app. The web host adds only what
/// serving needs (<see cref="VigilHost.AddVigilWeb"/>); the CLI only its configuration and actor. A capability
/// declares its <c>AddVigilX</c>/<c>MapX</c> in the root namespace <c>Vigil.Web</c> (ADR 2001; import is yet to follow), so
/// this list needs no <c>using</c> per feature.</summary>
public static class VigilComposition
{
    /// <summary>Needs an <see cref="IConfiguration"/> in the container: each capability binds its options from it.</summary>
    public static IServiceCollection AddVigil(this IServiceCollection services)
    {
        services.AddVigilSettings();
        // The force's wall-clock time: pages, and verbs that write reports (`bench series` failed without it).
        services.AddSingleton<Features.Shared.ForceTime>();
        services.AddVigilData();
        services.AddVigilAuth();
        services.AddVigilCases();
        services.AddVigilImport();
        services.AddVigilUsers();
        services.AddVigilAudit();
        services.AddVigilLinkage();
        services.AddVigilEnquiries();
        services.AddVigilFamily();
        services.AddVigilSearch();
        services.AddVigilPeople();
        services.AddVigilNotifications();
        services.AddVigilMap();
        services.AddVigilChart();
        services.AddVigilTimelines();
        services.AddVigilKeyRing();
        services.AddVigilBackup();
        services.AddVigilOversight();
        return services;
    }
}
