using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vigil.Web.Hosting;

namespace Vigil.Web.Tests.Infrastructure;

/// <summary>The composition root (<see cref="VigilComposition.AddVigil"/>) over a given configuration, without a host.</summary>
public static class Composition
{
    public static ServiceProvider Services(IConfiguration configuration)
    {
        var services = new ServiceCollection().AddSingleton(configuration).AddLogging();
        services.AddVigil();
        return services.BuildServiceProvider();
    }

    public static T Options<T>(IConfiguration configuration) where T : class
    {
        using var services = Services(configuration);
        return services.GetRequiredService<IOptions<T>>().Value;
    }
}
