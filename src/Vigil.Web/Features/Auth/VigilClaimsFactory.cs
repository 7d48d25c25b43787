using Microsoft.AspNetCore.Identity;

namespace Vigil.Web.Features.Auth;

/// <summary>Adds the user's full name to the sign-in cookie, so pages say who is signed in as a person
/// ("DC Amira Haddad, investigator"), not as a login.</summary>
public sealed class VigilClaimsFactory(UserManager<VigilUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<VigilUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(VigilUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName)) identity.AddClaim(new Claim(VigilClaims.DisplayName, user.DisplayName));
        return identity;
    }
}
