using System.Threading.RateLimiting;

namespace Vigil.Web.Hosting;

public static class RateLimits
{
    public const string Login = "login";

    /// <summary>Login attempts per client address, on top of Identity's per-account lockout: slows password spraying.</summary>
    public static IServiceCollection AddVigilRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Login, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) }));
        });
}
