using System.Threading.RateLimiting;

namespace Vigil.Web.Hosting;

public static class RateLimits
{
    public const string Login = "login";

    /// <summary>Sign-in attempts (POSTs) per client address per minute across every node of the store, on top of
    /// Identity's per-account lockout: slows password spraying across many accounts. "Vigil:LoginAttemptsPerMinute",
    /// default 30. A refusal is 429 with Retry-After: the seconds left in the minute.</summary>
    public static IServiceCollection AddVigilRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
                    context.HttpContext.Response.Headers.RetryAfter = StoreWindowLimiter.Seconds(wait);
                return ValueTask.CompletedTask;
            };
            o.AddPolicy(Login, ctx =>
            {
                if (!HttpMethods.IsPost(ctx.Request.Method)) return RateLimitPartition.GetNoLimiter("read");
                var services = ctx.RequestServices;
                var permits = services.GetRequiredService<IOptions<VigilSettings>>().Value.LoginAttemptsPerMinute;
                var address = ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.Get(address, a => new StoreWindowLimiter(
                    services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<TimeProvider>(), a, permits));
            });
        });
}
