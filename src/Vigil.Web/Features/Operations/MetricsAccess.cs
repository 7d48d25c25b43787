using System.Net;

namespace Vigil.Web.Features.Operations;

/// <summary>/metrics carries no case data but does describe the service (routes, rates, errors): it answers only
/// callers on loopback or in the networks listed in <c>Vigil:MetricsAllowFrom</c> (CIDR, comma-separated), and is
/// a plain 404 to anyone else.</summary>
internal sealed class MetricsAccess(RequestDelegate next, IConfiguration configuration)
{
    private readonly IPNetwork[] allowed = (configuration["Vigil:MetricsAllowFrom"] ?? "")
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(IPNetwork.Parse).ToArray();

    public Task InvokeAsync(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments("/metrics") || IsAllowed(http.Connection.RemoteIpAddress)) return next(http);
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private bool IsAllowed(IPAddress? remote)
    {
        // The test server has no remote address: it is in-process, which is as local as loopback.
        if (remote is null) return true;
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        return IPAddress.IsLoopback(remote) || allowed.Any(n => n.Contains(remote));
    }
}
