using Microsoft.AspNetCore.Identity;
using Vigil.Data.Family;
using Vigil.Web.Features.Auth;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Family.Portal;
using Vigil.Web.Features.Shared;

namespace Vigil.Web.Features.Family;

public static class FamilySetup
{
    public static IServiceCollection AddVigilFamily(this IServiceCollection services)
    {
        // CLI verbs (import, demo) build services without configuration; they use the defaults.
        services.AddOptions<FamilyOptions>().Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection("Vigil:Family").Bind(o));
        services.AddFamilyAuth();
        services.AddSingleton<IPasswordHasher<FamilyAccount>, PasswordHasher<FamilyAccount>>();
        services.AddScoped<FamilyInvitations>();
        services.AddScoped<FamilySignIn>();
        services.AddScoped<UploadStore>();
        services.AddScoped<FamilyIntake>();
        services.AddScoped<LiaisonStatus>();
        services.AddScoped<LiaisonCommands>();
        services.AddScoped<ICaseEventListener, TellTheFamily>();
        services.AddScoped<ICaseChangeHook, ClassificationWatch>();
        services.AddScoped<ITimelineSource, FamilyTimelineSource>();
        CasePanels.Register("~/Features/Family/_CasePanel.cshtml", order: 300);
        NavLinks.Add(new NavLink("Family liaison", "/liaison", Policies.Liaise));
        return services;
    }
}
