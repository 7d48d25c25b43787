using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Vigil.Web.Hosting;

/// <summary>The store's DbContext options, built once per process rather than for every context (round 39). EF builds
/// them afresh for each scope by default: the provider, its default warnings and five interceptors, each step cloning
/// the options, were 7 % of what an API import allocated. Every configuration registered for the context runs once, on
/// the root services; nothing in them differs by scope but the request's own connection (ADR 2031), which a web
/// request's context on PostgreSQL gets from a second set of options.</summary>
internal sealed class ContextOptionsCache(IServiceProvider root, IOptions<VigilSettings> settings)
{
    private readonly Lazy<DbContextOptions<VigilDbContext>> shared = new(() => Build(root));
    private readonly Lazy<DbContextOptions<VigilDbContext>> request = new(() =>
        new DbContextOptionsBuilder<VigilDbContext>(Build(root)).AddInterceptors(RequestConnection.Interceptor).Options);
    private readonly bool postgres = VigilDatabase.KindOf(settings.Value.Database) == StoreKind.Postgres;

    /// <summary>Replaces EF's per-scope options of <see cref="VigilDbContext"/>; call after the context is added.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<ContextOptionsCache>();
        services.Replace(ServiceDescriptor.Scoped(sp => sp.GetRequiredService<ContextOptionsCache>().For(sp)));
    }

    /// <summary>The options for a context made in <paramref name="scope"/>.</summary>
    public DbContextOptions<VigilDbContext> For(IServiceProvider scope) =>
        postgres && RequestConnection.IsRequestScope(scope) ? request.Value : shared.Value;

    /// <summary>As EF builds them (its options factory), on the root services.</summary>
    private static DbContextOptions<VigilDbContext> Build(IServiceProvider root)
    {
        var builder = new DbContextOptionsBuilder<VigilDbContext>(new DbContextOptions<VigilDbContext>());
        builder.UseApplicationServiceProvider(root);
        foreach (var configuration in root.GetServices<IDbContextOptionsConfiguration<VigilDbContext>>()) configuration.Configure(root, builder);
        return builder.Options;
    }
}
