using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Enquiries;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Map;
using Vigil.Web.Features.Notifications;
using Vigil.Web.Features.People;
using Vigil.Web.Features.Search;
using Vigil.Web.Features.Chart;
using Vigil.Web.Features.Timelines;

namespace Vigil.Web.Hosting;

/// <summary>Where later capabilities (enquiries, linkage, family, search, people, notifications, map, chart, timelines) plug in: one line each here.</summary>
public static class FeatureRegistry
{
    public static IServiceCollection AddVigilFeatures(this IServiceCollection services)
    {
        services.AddVigilLinkage();
        services.AddVigilEnquiries();
        services.AddVigilFamily();
        services.AddVigilSearch();
        services.AddVigilPeople();
        services.AddVigilNotifications();
        services.AddVigilMap();
        services.AddVigilChart();
        services.AddVigilTimelines();
        return services;
    }

    public static WebApplication MapVigilFeatures(this WebApplication app, RouteGroupBuilder api)
    {
        api.MapLinkageApi();
        api.MapVigilEnquiries();
        api.MapSearchApi();
        api.MapPeopleWorkspaceApi();
        api.MapNotificationsApi();
        api.MapMapApi();
        api.MapChartApi();
        api.MapTimelineApi();
        app.MapTiles();
        return app;
    }
}
