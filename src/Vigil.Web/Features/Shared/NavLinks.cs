using System.Security.Claims;
using Vigil.Web.Features.Auth;

namespace Vigil.Web.Features.Shared;

public sealed record NavLink(string Text, string Href, string Policy);

/// <summary>The main navigation; each feature's entry shows only to roles its policy admits.</summary>
public static class NavLinks
{
    private static readonly List<NavLink> Links =
    [
        new("Cases", "/cases", Policies.ReadCases),
        new("New case", "/cases/new", Policies.EditCases),
        new("Users", "/admin/users", Policies.ManageUsers),
    ];

    /// <summary>Features add their own entries at start-up (e.g. the analyst queue).</summary>
    public static void Add(NavLink link)
    {
        if (!Links.Any(l => l.Href == link.Href)) Links.Add(link);
    }

    public static IEnumerable<NavLink> For(ClaimsPrincipal user) =>
        Links.Where(l => AccessPolicy.RolesFor[l.Policy].Any(user.IsInRole));
}
