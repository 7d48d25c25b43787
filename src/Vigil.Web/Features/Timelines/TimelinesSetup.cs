namespace Vigil.Web.Features.Timelines;

public static class TimelinesSetup
{
    public static IServiceCollection AddVigilTimelines(this IServiceCollection services) => services.AddScoped<TimelineQuery>();
}
