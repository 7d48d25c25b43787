using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Vigil.Web.Features.Operations;
using Vigil.Data.Audit;
using Vigil.Web.Hosting;

namespace Vigil.Web.Tests.Features.Operations;

public sealed class OperationsUnitTests
{
    [Fact]
    public void KeyRingCipher_RoundTrips_AndRefusesAnotherKey()
    {
        var plain = new XElement("masterKey", new XElement("value", "c2VjcmV0"));
        var cipher = new KeyRingCipher(new AuditHasher(RandomNumberGenerator.GetBytes(32)), () => true);
        var sealedKey = cipher.Encrypt(plain);
        Assert.DoesNotContain("c2VjcmV0", sealedKey.ToString(), StringComparison.Ordinal);
        Assert.Equal(plain.ToString(), cipher.Decrypt(sealedKey).ToString());
        Assert.ThrowsAny<CryptographicException>(() => new KeyRingCipher(new AuditHasher(RandomNumberGenerator.GetBytes(32)), () => true).Decrypt(sealedKey));
    }

    [Theory]
    [InlineData("127.0.0.1", "", 200)]
    [InlineData("::1", "", 200)]
    [InlineData("10.1.2.3", "", 404)]
    [InlineData("10.1.2.3", "10.0.0.0/8", 200)]
    [InlineData("192.168.1.9", "10.0.0.0/8, 172.16.0.0/12", 404)]
    public async Task Metrics_AnswerOnlyLoopbackAndListedNetworks(string remote, string allowFrom, int expected)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Vigil:MetricsAllowFrom"] = allowFrom }).Build();
        var reached = false;
        var middleware = new MetricsAccess(_ => { reached = true; return Task.CompletedTask; }, config);
        var http = new DefaultHttpContext();
        http.Request.Path = "/metrics";
        http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        await middleware.InvokeAsync(http);
        Assert.Equal(expected == 200, reached);
        if (!reached) Assert.Equal(expected, http.Response.StatusCode);
    }

    [Fact]
    public void DatabaseAway_IsRecognised_ThroughWrappers()
    {
        var refused = new Npgsql.NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111));
        Assert.True(ErrorHandling.IsDatabaseUnavailable(new InvalidOperationException("wrapped", refused)));
        Assert.True(ErrorHandling.IsDatabaseUnavailable(new TimeoutException()));
        Assert.False(ErrorHandling.IsDatabaseUnavailable(new InvalidOperationException("a bug")));
    }
}
