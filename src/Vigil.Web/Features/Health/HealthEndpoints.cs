using Microsoft.EntityFrameworkCore;
using Vigil.Data;

namespace Vigil.Web.Features.Health;

public static class HealthEndpoints
{
    /// <summary>Liveness and database reachability, for load balancers and the demo script. Reveals no data.</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/health", async (VigilDbContext db, CancellationToken ct) =>
        {
            var ok = await db.Database.CanConnectAsync(ct);
            return ok ? Results.Ok(new { status = "healthy" }) : Results.Problem(statusCode: 503, title: "database unreachable");
        }).AllowAnonymous().WithTags("Health");
        return app;
    }
}
