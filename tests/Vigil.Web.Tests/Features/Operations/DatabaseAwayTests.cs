using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Operations;

/// <summary>A node whose PostgreSQL is away (nothing listens on its port): the process stays live, is not ready,
/// and API callers get a 503 problem document they may retry, quickly, never a hang or a 500.</summary>
public sealed class DatabaseAwayTests : IAsyncLifetime
{
    private readonly DeadDatabaseApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task ProbesAndApi_SayServiceUnavailable()
    {
        using var client = app.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(60);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("application/problem+json", ready.Content.Headers.ContentType?.MediaType);
        Assert.Contains("database", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        client.DefaultRequestHeaders.Authorization = new("Bearer", "vgl_" + new string('a', 40));
        var api = await client.GetAsync("/api/v1/cases");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Equal(503, JsonDocument.Parse(await api.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
        Assert.NotNull(api.Headers.RetryAfter);
    }

    private sealed class DeadDatabaseApp : VigilAppFactory
    {
        private readonly int port = VigilNode.FreePort();
        public override string Provider => "postgres";
        protected override string ConnectionString => $"Host=127.0.0.1;Port={port};Username=postgres;Database=gone";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Vigil:MigrateOnStartup", "false");
        }
    }
}
