using Vigil.Web.Features.Family;
using Microsoft.AspNetCore.Identity;
using Vigil.Web.Features.Family.Portal;

namespace Vigil.Web;

public static class FamilySetup
{
    public static IServiceCollection AddVigilFamily(this IServiceCollection services)
    {
        services.AddOptions<FamilyOptions>().BindConfiguration(FamilyOptions.Section)
            .Validate(o => new[] { o.FirstContactWithin, o.ContactEvery, o.QuestionDueIn, o.TellTheFamilyWithin, o.SubmissionAssessWithin, o.InvitationLifetime, o.LockoutFor }
                .All(t => t > TimeSpan.Zero), "Vigil:Family deadlines and lifetimes must be positive durations.")
            .Validate(o => o.MaxFiles > 0 && o.MaxFileBytes > 0 && o.MaxFailedLogins > 0, "Vigil:Family:MaxFiles, MaxFileBytes and MaxFailedLogins must be at least 1.")
            .ValidateOnStart();
        services.AddFamilyAuth();
        services.AddSingleton<IPasswordHasher<FamilyAccount>, PasswordHasher<FamilyAccount>>();
        services.AddScoped<FamilyInvitations>();
        services.AddScoped<FamilySignIn>();
        services.AddScoped<UploadStore>();
        services.AddScoped<LegacyUploads>();
        services.AddHostedService<LegacyUploadAdoption>();
        services.AddScoped<FamilyIntake>();
        services.AddScoped<LiaisonStatus>();
        services.AddScoped<LiaisonCommands>();
        services.AddScoped<FamilyNowKnown>();
        services.AddScoped<ICaseEventListener, TellTheFamily>();
        services.AddScoped<ITimelineSource, FamilyTimelineSource>();
        services.AddCasePanel<FamilyPanel>(order: 300);
        services.AddNavLink(new NavLink("Family liaison", "/liaison", Policies.Liaise, Order: 80));
        return services;
    }
}
