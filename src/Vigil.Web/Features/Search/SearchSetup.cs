using Vigil.Web.Features.Search;

namespace Vigil.Web;

/// <summary>The search capability: the index kept by a change hook, the service, the page and the API.</summary>
public static class SearchSetup
{
    public static IServiceCollection AddVigilSearch(this IServiceCollection services)
    {
        services.AddScoped<ICaseChangeHook, SearchIndexer>();
        services.AddScoped<SearchService>();
        return services;
    }

    public static RouteGroupBuilder MapSearchApi(this RouteGroupBuilder api) => SearchApi.Map(api);
}
