namespace Vigil.Web.Features.Shared;

/// <summary>An entry of the main navigation; it shows only to the roles its policy admits, in <see cref="Order"/>.</summary>
public sealed record NavLink(string Text, string Href, string Policy, int Order);

/// <summary>Each capability adds its own entries to the main navigation at start-up.</summary>
public static class NavLinks
{
    public static IServiceCollection AddNavLink(this IServiceCollection services, NavLink link) => services.AddSingleton(link);

    public static IEnumerable<NavLink> For(IEnumerable<NavLink> links, ClaimsPrincipal user) =>
        links.OrderBy(l => l.Order).Where(l => AccessPolicy.RolesFor[l.Policy].Any(user.IsInRole));
}
