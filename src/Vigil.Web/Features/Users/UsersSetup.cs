namespace Vigil.Web.Features.Users;

public static class UsersSetup
{
    public static IServiceCollection AddVigilUsers(this IServiceCollection services) =>
        services.AddScoped<UserAdmin>().AddNavLink(new NavLink("Users", "/admin/users", Policies.ManageUsers, Order: 30));
}
