namespace Vigil.Web.Features.Auth;

/// <summary>Where each role's work is: the first page after sign-in (and "/"). A user with several roles lands on the
/// first that applies, in this order, so a supervisor who is also an FLO sees supervision first.</summary>
public static class Landing
{
    private static readonly (string Role, string Path)[] Order =
    [
        (Roles.Supervisor, "/enquiries/supervision"),
        (Roles.Investigator, "/enquiries/my-work"),
        (Roles.FamilyLiaison, "/liaison"),
        (Roles.Analyst, "/linkage"),
        (Roles.Reviewer, "/cases"),
        (Roles.Administrator, "/admin/users"),
    ];

    public static string For(ClaimsPrincipal user) =>
        Order.FirstOrDefault(o => user.IsInRole(o.Role)).Path ?? "/login";
}
