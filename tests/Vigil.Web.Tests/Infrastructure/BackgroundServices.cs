using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Outbox;

namespace Vigil.Web.Tests.Infrastructure;

/// <summary>Test apps without some of the node's background work: a test that reads state the worker would change under
/// it, or that measures a request's own cost, removes the hosted services that would overlap it.</summary>
public static class BackgroundServices
{
    /// <summary>Removes the hosted services of these types (each must be registered: a renamed service fails loudly).</summary>
    public static void Remove(IServiceCollection services, params Type[] types)
    {
        foreach (var type in types)
            services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == type));
    }

    /// <summary>Without the linkage worker: the outbox stays as the test leaves it.</summary>
    public static void WithoutLinkageWorker(IServiceCollection services) => Remove(services, typeof(LinkageWorkerService));

    /// <summary>For an app without the linkage worker that never builds the index itself: the worker builds it as a node
    /// starts, so here no one does, and each created case's save would wait the tests' whole inline wait (30 s,
    /// <see cref="VigilAppFactory"/>) for it and then leave the case queued. Without the wait (the deployed default) it
    /// leaves the case queued at once: the same outcome, 30 s sooner (ADR 3289).</summary>
    public static void NoWaitForAnIndexNobodyBuilds(IServiceCollection services) =>
        services.PostConfigure<LinkageSettings>(s => s.InlineWait = TimeSpan.Zero);
}
