using Vigil.Web.Features.Timelines;

namespace Vigil.Web;

public static class TimelinesSetup
{
    public static IServiceCollection AddVigilTimelines(this IServiceCollection services) => services.AddScoped<TimelineQuery>();

    public static RouteGroupBuilder MapTimelineApi(this RouteGroupBuilder api) => TimelineApi.Map(api);
}
