using Vigil.Web.Features.People;

namespace Vigil.Web;

/// <summary>The person capability: profiles (page /people/{id}), merge and split, and its API.</summary>
public static class PeopleSetup
{
    public static IServiceCollection AddVigilPeople(this IServiceCollection services)
    {
        services.AddScoped<PersonProfiles>();
        services.AddScoped<PersonRecords>();
        return services;
    }

    public static RouteGroupBuilder MapPeopleWorkspaceApi(this RouteGroupBuilder api) => PersonRecordsApi.Map(api);
}
