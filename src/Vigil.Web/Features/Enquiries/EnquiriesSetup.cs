using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Enquiries;
using Vigil.Web.Features.Auth;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Features.Enquiries.Dashboards;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Features.Enquiries.Exhibits;
using Vigil.Web.Features.Enquiries.Reviews;
using Vigil.Web.Features.Enquiries.Rules;
using Vigil.Web.Features.Shared;

namespace Vigil.Web.Features.Enquiries;

/// <summary>Mandatory lines of enquiry, actions, exhibits' chain of custody, decisions, red flags and reviews (issue 3).</summary>
public static class EnquiriesSetup
{
    public static IServiceCollection AddVigilEnquiries(this IServiceCollection services)
    {
        services.AddSingleton(sp => EnquiryOptions.From(sp.GetService<IConfiguration>()));
        services.AddSingleton(sp => new EnquiryRuleEngine(sp.GetRequiredService<EnquiryOptions>().LoadRules()));
        // Order matters: the classification guard first, so rules and reviews see the category that will be saved.
        services.AddScoped<ICaseChangeHook, ClassificationGuardHook>();
        services.AddScoped<ICaseChangeHook, EnquiryRulesHook>();
        services.AddScoped<ICaseChangeHook, ReviewScheduleHook>();
        services.AddScoped<ICaseActionSink, EnquiryActionSink>();
        services.AddScoped<ITimelineSource, EnquiryTimeline>();
        services.AddScoped<DecisionLog>();
        services.AddScoped<ActionCommands>();
        services.AddScoped<ClassificationGate>();
        services.AddScoped<ClassificationCommands>();
        services.AddScoped<CustodyCommands>();
        services.AddScoped<ReviewCommands>();
        services.AddScoped<WorkLists>();
        services.AddScoped<EnquiryPanelData>();
        services.AddSingleton<DecisionLogGuard>();
        services.ConfigureDbContext<VigilDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<DecisionLogGuard>()));
        CasePanels.Register("~/Features/Enquiries/_DecisionPanel.cshtml", 10);
        CasePanels.Register("~/Features/Enquiries/_ActionsPanel.cshtml", 11);
        CasePanels.Register("~/Features/Enquiries/_CustodyPanel.cshtml", 12);
        CasePanels.Register("~/Features/Enquiries/_ReviewsPanel.cshtml", 13);
        NavLinks.Add(new NavLink("My work", "/enquiries/my-work", Policies.EditCases));
        NavLinks.Add(new NavLink("Supervision", "/enquiries/supervision", Policies.Supervise));
        return services;
    }

    public static RouteGroupBuilder MapVigilEnquiries(this RouteGroupBuilder api) =>
        api.MapActionApi().MapDecisionApi().MapExhibitApi().MapWorkApi();
}
