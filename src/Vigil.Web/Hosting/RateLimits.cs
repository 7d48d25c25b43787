using System.Threading.RateLimiting;

namespace Vigil.Web.Hosting;

public static class RateLimits
{
    public const string Login = "login";

    /// <summary>Sign-in attempts (POSTs) per client address per minute, on top of Identity's per-account lockout:
    /// slows password spraying across many accounts. "Vigil:LoginAttemptsPerMinute", default 30.</summary>
    public static IServiceCollection AddVigilRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Login, ctx =>
            {
                if (!HttpMethods.IsPost(ctx.Request.Method)) return RateLimitPartition.GetNoLimiter("read");
                var permits = ctx.RequestServices.GetRequiredService<IOptions<VigilSettings>>().Value.LoginAttemptsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) });
            });
        });
}
