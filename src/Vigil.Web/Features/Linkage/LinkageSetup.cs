using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Outbox;
using Vigil.Web.Features.Linkage.Series;

namespace Vigil.Web;

/// <summary>The linkage capability: engine singleton, change hook, queue, comparison, clusters, verbs.</summary>
public static class LinkageSetup
{
    public static IServiceCollection AddVigilLinkage(this IServiceCollection services)
    {
        services.AddOptions<LinkageSettings>().BindConfiguration(LinkageSettings.Section)
            .Validate(s => s.AlertThreshold is null or (> 0 and <= 1), "Vigil:Linkage:AlertThreshold must be empty or a probability above 0 and at most 1.")
            .Validate(s => s.AlertBudget is > 0 and <= 100, "Vigil:Linkage:AlertBudget must be alerts per 100 deaths, above 0 and at most 100.")
            .Validate(s => s.Parallelism > 0, "Vigil:Linkage:Parallelism must be at least 1.")
            .Validate(s => s.BuildPageSize > 0, "Vigil:Linkage:BuildPageSize must be at least 1.")
            .Validate(s => s.WorkerBatchSize > 0 && s.InlineBatchSize > 0 && s.InlineBatches >= 0, "Vigil:Linkage:WorkerBatchSize and InlineBatchSize must be at least 1 and InlineBatches at least 0.")
            .Validate(s => s.WorkerInterval > TimeSpan.Zero && s.InlineWait >= TimeSpan.Zero && s.WorkerSpacing >= TimeSpan.Zero,
                "Vigil:Linkage:WorkerInterval must be positive, and InlineWait and WorkerSpacing not negative.")
            .Validate(s => string.IsNullOrWhiteSpace(s.ModelPath) || File.Exists(s.ModelPath), "Vigil:Linkage:ModelPath names a file that does not exist.")
            .ValidateOnStart();
        services.AddSingleton<LinkageEngine>();
        services.AddSingleton<LinkageWorker>();
        services.AddScoped<ParkedLinkage>();
        services.AddScoped<ICaseChangeHook, LinkageOutboxHook>();
        services.AddHostedService<LinkageWorkerService>();
        services.AddScoped<Features.People.IPeopleChangeListener, PeopleChangeLinkage>();
        services.AddScoped<LinkageAccess>();
        services.AddScoped<LinkDecisions>();
        services.AddScoped<Features.Linkage.Alerts.AlertWriter>();
        services.AddScoped<SeriesDossiers>();
        services.AddScoped<Features.Linkage.Clusters.ClusterScan>();
        services.AddCasePanel<LinkagePanel>(order: 50);
        services.AddNavLink(new NavLink("Linkage", "/linkage", Policies.ReadLinkage, Order: 40));
        return services;
    }

    public static RouteGroupBuilder MapLinkageApi(this RouteGroupBuilder api) => SeriesApi.Map(LinkageApi.Map(api));
}
