using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vigil.Web.Hosting;

/// <summary>A web request's own DbContext keeps the first PostgreSQL connection it opens until the request's scope
/// disposes the context, instead of giving it back to Npgsql's pool after every query and taking one again for the
/// next. Each take after a give-back costs the pool's reset (seven statements PostgreSQL parses and runs) and EF's
/// open and close: a case page took about 45 of them (ADR 2031). The once-per-request reset is skipped too
/// (`No Reset On Close`, ADR 2221): the two session-level advisory locks (the linkage worker's lease, the migrator's
/// turn) are taken on a separate pool that keeps the reset (<see cref="Data.StoreLocks.UseSessionPool"/>), and
/// nothing else leaves session state on a connection (transaction locks end with their transaction; Npgsql rolls
/// back a transaction left open whatever the setting).</summary>
public static class RequestConnection
{
    /// <summary>Whether <paramref name="scope"/> is the services of the HTTP request running now (not a background
    /// service, a CLI verb or a scope some code made for itself inside a request).</summary>
    public static bool IsRequestScope(IServiceProvider scope) =>
        scope.GetService<IHttpContextAccessor>()?.HttpContext?.RequestServices is { } requestServices
        && ReferenceEquals(requestServices, scope);

    public static readonly IInterceptor Interceptor = new KeepOpen();

    /// <summary>When EF has opened the connection for a command, opening it once more through the context leaves it
    /// counted as opened by the application: EF no longer closes it after the command, and disposing the context at
    /// the end of the request gives it back to the pool.</summary>
    private sealed class KeepOpen : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
            eventData.Context?.Database.OpenConnection();

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
            CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } db) await db.Database.OpenConnectionAsync(cancellationToken);
        }
    }
}
