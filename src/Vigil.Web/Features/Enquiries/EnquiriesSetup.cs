using Vigil.Web.Features.Enquiries;
using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Features.Enquiries.Dashboards;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Features.Enquiries.Exhibits;
using Vigil.Web.Features.Enquiries.Reviews;
using Vigil.Web.Features.Enquiries.Rules;

namespace Vigil.Web;

/// <summary>Mandatory lines of enquiry, actions, exhibits' chain of custody, decisions, red flags and reviews (issue 3).</summary>
public static class EnquiriesSetup
{
    public static IServiceCollection AddVigilEnquiries(this IServiceCollection services)
    {
        services.AddOptions<EnquiryOptions>().BindConfiguration(EnquiryOptions.Section)
            .Validate(o => o.ReviewScheduleIsValid(), "Vigil:Enquiries:ReviewSchedule must list intervals such as \"24h,7d,28d\".")
            .Validate(o => o.RulesFile is null || File.Exists(o.RulesFile), "Vigil:Enquiries:RulesFile names a file that does not exist.")
            .ValidateOnStart();
        services.AddSingleton(sp => new EnquiryRuleEngine(sp.GetRequiredService<IOptions<EnquiryOptions>>().Value.LoadRules()));
        services.AddScoped<EnquiryRulesHook>();
        services.AddScoped<ICaseChangeHook>(sp => sp.GetRequiredService<EnquiryRulesHook>());
        services.AddSingleton<RulesApply>();
        services.AddScoped<ICaseChangeHook, ReviewScheduleHook>();
        services.AddScoped<ICaseEventListener, ReviewsOnReclassification>();
        services.AddScoped<ClosedCaseGate>();
        services.AddScoped<ICaseChangeGate>(sp => sp.GetRequiredService<ClosedCaseGate>());
        services.AddScoped<ICaseActionSink, EnquiryActionSink>();
        services.AddScoped<ITimelineSource, EnquiryTimeline>();
        services.AddScoped<DecisionLog>();
        services.AddScoped<ActionCommands>();
        services.AddScoped<ClassificationGate>();
        services.AddScoped<ClassificationCommands>();
        services.AddScoped<CustodyCommands>();
        services.AddScoped<ExaminationCorrector>();
        services.AddScoped<LateResults>();
        services.AddScoped<ReviewCommands>();
        services.AddScoped<WorkLists>();
        services.AddScoped<EnquiryPanelData>();
        services.AddScoped<CaseEnquiryRecords>();
        services.AddSingleton<DecisionLogGuard>();
        services.ConfigureDbContext<VigilDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<DecisionLogGuard>()));
        services.AddCasePanel<DecisionPanel>(order: 10);
        services.AddCasePanel<ActionsPanel>(order: 11);
        services.AddCasePanel<CustodyPanel>(order: 12);
        services.AddCasePanel<ReviewsPanel>(order: 13);
        services.AddNavLink(new NavLink("My work", "/enquiries/my-work", Policies.EditCases, Order: 60));
        services.AddNavLink(new NavLink("Supervision", "/enquiries/supervision", Policies.Supervise, Order: 70));
        return services;
    }

    public static RouteGroupBuilder MapVigilEnquiries(this RouteGroupBuilder api) =>
        api.MapActionApi().MapActionAllocationApi().MapDecisionApi().MapExhibitApi().MapExaminationApi().MapWorkApi();
}
