using Vigil.Web.Features.Audit;
using Vigil.Web.Features.Backup;
using Vigil.Web.Features.Enquiries;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Operations;
using Vigil.Web.Features.Oversight;
using Vigil.Web.Features.Users;
using Vigil.Web.Features.Chart;
using Vigil.Web.Features.Map;
using Vigil.Web.Features.Notifications;
using Vigil.Web.Features.People;
using Vigil.Web.Features.Search;
using Vigil.Web.Features.Timelines;

namespace Vigil.Web.Hosting;

/// <summary>The one composition root: every service a Vigil process needs, for the web host and the CLI verbs alike,
/// so a verb runs the same data layer, audit chain, rules and hooks as the web app. The web host adds only what
/// serving needs (<see cref="VigilHost.AddVigilWeb"/>); the CLI only its configuration and actor.</summary>
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
