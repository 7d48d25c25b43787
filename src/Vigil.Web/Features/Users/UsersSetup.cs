using Vigil.Web.Features.Users;

namespace Vigil.Web;

public static class UsersSetup
{
    public static IServiceCollection AddVigilUsers(this IServiceCollection services) =>
        services.AddScoped<UserAdmin>().AddNavLink(new NavLink("Users", "/admin/users", Policies.ManageUsers, Order: 30));

    public static RouteGroupBuilder MapTokenApi(this RouteGroupBuilder api) => TokenApi.Map(api);
}
