using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
}
