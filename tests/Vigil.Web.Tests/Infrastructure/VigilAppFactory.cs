using System.Globalization;
using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Users;

namespace Vigil.Web.Tests.Infrastructure;

/// <summary>The real app (routing, auth, antiforgery, EF, migrations) on a real database of one provider.
/// Subclasses choose the store; the same test classes run against both.</summary>
public abstract class VigilAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "correct horse battery staple";
    private readonly string folder = Path.Combine(Path.GetTempPath(), "vigil-tests-" + Guid.NewGuid().ToString("N"));

    public abstract string Provider { get; }
    /// <summary>Every API answer these tests receive, held against the OpenAPI document (ADR 1261).</summary>
    public Contract.ApiConformance Contract { get; }

    protected VigilAppFactory() => Contract = new Contract.ApiConformance(() => Server.CreateClient().GetStringAsync("/openapi/v1.json"));

    public int LoginAttemptsPerMinute { get; init; } = 100_000;
    /// <summary>Extra configuration for an app a test builds for itself (e.g. a force's optional rules).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
    /// <summary>Changes to the app's services a test needs (e.g. a background service it drives itself).</summary>
    public Action<IServiceCollection>? ServiceChanges { get; init; }
    protected abstract string ConnectionString { get; }
    public string Database => ConnectionString;
    public string AuditKeyFile => Path.Combine(folder, "audit.key");
    /// <summary>The store's head record (ADR 0801/1761): beside the key, named after a SQLite store's file.</summary>
    public string AuditHeadFile => Services.GetRequiredService<Vigil.Data.Audit.AuditHeadFile>().Path!;

    public virtual Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        return Task.CompletedTask;
    }

    public new virtual async Task DisposeAsync()
    {
        // The test script totals these lines: how many API answers the run held against the OpenAPI document.
        if (Environment.GetEnvironmentVariable("VIGIL_CONFORMANCE_LOG") is { Length: > 0 } log && !Contract.Exchanges.IsEmpty)
            await File.AppendAllTextAsync(log, string.Create(CultureInfo.InvariantCulture, $"{Contract.Exchanges.Count} {Contract.Unmatched}\n"));
        await base.DisposeAsync();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { /* a late SQLite handle; the OS temp cleaner takes it */ }
    }

    protected string TempPath(string name) => Path.Combine(folder, name);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Vigil:Database", ConnectionString);
        builder.UseSetting("Vigil:AuditKeyFile", AuditKeyFile);
        builder.UseSetting("Vigil:MigrateOnStartup", "true");
        // Every test client comes from one address; the per-address limit has its own test.
        builder.UseSetting("Vigil:LoginAttemptsPerMinute", LoginAttemptsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // A save here is compared before it answers, however loaded the machine (the deployed default leaves it to the
        // worker when another comparison is running, ADR 1592): tests read alerts right after a save.
        builder.UseSetting("Vigil:Linkage:InlineWait", "00:00:30");
        builder.UseSetting("Vigil:Linkage:InlineBatches", "4");
        builder.UseSetting("Vigil:Linkage:InlineBatchSize", "500");
        // No due-event timer: a test's notifications are the ones it raised; the sweep's own tests call it (ADR 3152).
        builder.UseSetting("Vigil:DueEvents:Interval", "00:00:00");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(Contract));
        // Before the test's own changes, so a test that replaces the hasher (to count or slow it) still does.
        builder.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<VigilUser>, TestPasswordHashedOnce>());
        if (ServiceChanges is not null) builder.ConfigureTestServices(ServiceChanges);
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task WithDbAsync(Func<VigilDbContext, Task> action) =>
        WithScopeAsync<bool>(async sp => { await action(sp.GetRequiredService<VigilDbContext>()); return true; });

    public Task<T> WithDbAsync<T>(Func<VigilDbContext, Task<T>> query) => WithScopeAsync(sp => query(sp.GetRequiredService<VigilDbContext>()));

    /// <summary>A new user with one role in a team of its own (or the given team); unique names keep tests independent.</summary>
    public async Task<TestUser> CreateUserAsync(string role, string? team = null)
    {
        var name = $"{role}-{Guid.NewGuid():N}"[..24];
        team ??= "team-" + Guid.NewGuid().ToString("N")[..8];
        return await WithScopeAsync(async sp =>
        {
            var admin = sp.GetRequiredService<UserAdmin>();
            var user = await admin.CreateAsync(name, name, Password, [role], [team], default);
            var teamId = (await admin.EnsureTeamAsync(team, default)).Id;
            var token = await admin.CreateTokenForAsync(user.Id, "test", TimeSpan.FromDays(1), default);
            return new TestUser(user.Id, name, role, team, teamId, token.Secret);
        });
    }

    /// <summary>Gives the user a full name, unique to the test ("DC Ivy Example 3f2a1b"), and returns it.</summary>
    public async Task<string> NameAsync(TestUser user, string name)
    {
        var full = name + " " + Guid.NewGuid().ToString("N")[..6];
        await WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == user.Id)).DisplayName = full;
            await db.SaveChangesAsync();
        });
        return full;
    }

    /// <summary>An HTTP client that authenticates with the user's API token.</summary>
    public HttpClient ApiClient(TestUser user)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return client;
    }

    /// <summary>A browser-like client signed in through the real login form (cookie + antiforgery).</summary>
    public async Task<HttpClient> SignedInClientAsync(TestUser user)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await Forms.PostAsync(client, "/login", new() { ["Input.UserName"] = user.UserName, ["Input.Password"] = Password });
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"login failed: {response.StatusCode}");
        return client;
    }

    /// <summary>Creates a case through the API as the given user and returns it.</summary>
    public async Task<CaseResponse> CreateCaseAsync(TestUser user, DeathRecord? record = null)
    {
        using var client = ApiClient(user);
        var response = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(user.TeamId, record ?? Samples.Record()), ApiJson.Client);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CaseResponse>(ApiJson.Client))!;
    }

    public async Task<Guid> TeamIdAsync(string name) => await WithScopeAsync(async sp => (await sp.GetRequiredService<UserAdmin>().EnsureTeamAsync(name, default)).Id);
}

public sealed record TestUser(string Id, string UserName, string Role, string Team, Guid TeamId, string Token);

/// <summary>A store of its own in a temporary folder, a copy of the process's migrated store (ADR 3352).</summary>
public sealed class SqliteApp : VigilAppFactory
{
    public override string Provider => "sqlite";
    protected override string ConnectionString => TempPath("vigil.db");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await MigratedStoreTemplate.CopySqliteAsync(ConnectionString);
    }
}

/// <summary>A fresh database on the PostgreSQL server the test script started (VIGIL_TEST_PG), a copy of the process's
/// migrated database (ADR 3352).</summary>
public sealed class PostgresApp : VigilAppFactory
{
    private readonly string database = "vigil_test_" + Guid.NewGuid().ToString("N")[..12];

    public override string Provider => "postgres";

    protected override string ConnectionString =>
        $"{PostgresServer.ConnectionString};Database={database}";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await MigratedStoreTemplate.CreatePostgresAsync(database);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(database);
    }
}

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteApp>
{
    public const string Name = "sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresApp>
{
    public const string Name = "postgres";
}
