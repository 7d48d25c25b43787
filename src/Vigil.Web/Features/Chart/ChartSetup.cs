namespace Vigil.Web.Features.Chart;

public static class ChartSetup
{
    public static IServiceCollection AddVigilChart(this IServiceCollection services) => services.AddScoped<ChartQueries>();
}
