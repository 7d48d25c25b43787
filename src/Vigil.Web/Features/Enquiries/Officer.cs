namespace Vigil.Web.Features.Enquiries;

/// <summary>Who is acting: their user name and whether they hold the supervisor role.</summary>
public sealed record Officer(string UserName, bool IsSupervisor)
{
    public static Officer From(ClaimsPrincipal user) => new(user.Identity?.Name ?? "unknown", user.IsInRole(Roles.Supervisor));
}
