namespace Vigil.Web.Features.Series;

/// <summary>The series capability: the page /series/{id} for each linked series.</summary>
public static class SeriesSetup
{
    public static IServiceCollection AddVigilSeries(this IServiceCollection services) => services.AddScoped<SeriesProfiles>();
}
