using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Web.Features.Auth;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Oversight.AsKnown;
using Vigil.Web.Features.Oversight.Missed;
using Vigil.Web.Features.Shared;

namespace Vigil.Web.Tests.Features.Oversight;

/// <summary>Reports built outside a request, as an independent reviewer (who may read every case) would see them:
/// CaseAccess denies everything to nobody, so a report built with no user would be empty.</summary>
internal static class AsReviewer
{
    /// <param name="alsoLiaisonOfUser">A user id whose teams' families the reviewer may also see, as a reviewer account
    /// that also holds the FLO role sees them (ADR 3239: a family's entries follow the family file's reach).</param>
    public static MissedOpportunities MissedOpportunities(IServiceProvider sp, TimeProvider? clock = null, string? alsoLiaisonOfUser = null) => new(
        sp.GetRequiredService<VigilDbContext>(), sp.GetRequiredService<CaseHistory>(),
        new CaseAccess(sp.GetRequiredService<VigilDbContext>(), new Reviewer(alsoLiaisonOfUser)), sp.GetRequiredService<LinkageEngine>(),
        sp.GetRequiredService<ForceTime>(), clock ?? TimeProvider.System,
        sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Vigil.Web.Features.Family.FamilyOptions>>(),
        sp.GetRequiredService<Vigil.Web.Features.Enquiries.Rules.EnquiryRuleEngine>());

    private sealed class Reviewer(string? liaisonUserId) : IHttpContextAccessor
    {
        public HttpContext? HttpContext { get; set; } = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(liaisonUserId is null
                ? [new Claim(ClaimTypes.Role, Roles.Reviewer)]
                : [new Claim(ClaimTypes.Role, Roles.Reviewer), new Claim(ClaimTypes.Role, Roles.FamilyLiaison), new Claim(ClaimTypes.NameIdentifier, liaisonUserId)], "test")),
        };
    }
}
