using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Vigil.Web.Hosting;

/// <summary>Absolute links Vigil hands to people outside the session (a family invitation) are built from the
/// configured <see cref="VigilSettings.PublicBaseUrl"/>, never from the request's Host header, which the caller
/// chooses: a forged Host would otherwise put an attacker's address in front of a live token (issue 8, finding 10;
/// ADR 0504). Unset, the address the server itself listens on is used when it names one host (the demo); a server
/// bound to every interface has no such address, and the link is refused until the setting is made.</summary>
public sealed class PublicLinks(IOptions<VigilSettings> settings, IServer server)
{
    /// <summary>The absolute link for a site path ("/family/accept?token=…"), or null when no public address is known.</summary>
    public string? For(string pathAndQuery)
    {
        var baseUrl = BaseUrl();
        return baseUrl is null ? null : baseUrl.TrimEnd('/') + pathAndQuery;
    }

    private string? BaseUrl()
    {
        if (settings.Value.PublicBaseUrl is { Length: > 0 } configured) return configured;
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return addresses.Select(a => Uri.TryCreate(a, UriKind.Absolute, out var u) ? u : null)
            .FirstOrDefault(u => u is not null && !IsWildcard(u.Host))?.GetLeftPart(UriPartial.Authority);
    }

    private static bool IsWildcard(string host) => host is "0.0.0.0" or "[::]" or "::" or "*" or "+";

    /// <summary>A configured address must be absolute http(s) with no path, query or fragment to splice a path onto.</summary>
    public static bool IsValidBaseUrl(string? value) => string.IsNullOrEmpty(value)
        || (Uri.TryCreate(value, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
            && u.AbsolutePath == "/" && u.Query.Length == 0 && u.Fragment.Length == 0);
}
