using Vigil.Web.Features.Chart;

namespace Vigil.Web;

public static class ChartSetup
{
    public static IServiceCollection AddVigilChart(this IServiceCollection services) => services.AddScoped<ChartQueries>();

    public static RouteGroupBuilder MapChartApi(this RouteGroupBuilder api) => ChartApi.Map(api);
}
