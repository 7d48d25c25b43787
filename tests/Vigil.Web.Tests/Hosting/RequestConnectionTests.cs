using System.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>ADR 2031: on PostgreSQL a request's DbContext keeps the connection it first opens until the request's
/// scope ends (one pool take and one reset per request, not one per query); every other context gives it back after
/// each command, as before; SQLite is left as it was.</summary>
public abstract class RequestConnectionTests(VigilAppFactory app, bool keptOpen)
{
    [Fact]
    public async Task ARequestsContext_KeepsItsConnectionOnPostgres_AndGivesItBackWhenTheRequestEnds()
    {
        var accessor = app.Services.GetRequiredService<IHttpContextAccessor>();
        System.Data.Common.DbConnection held;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            accessor.HttpContext = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            try
            {
                var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
                await db.Users.AnyAsync();
                held = db.Database.GetDbConnection();
                Assert.Equal(keptOpen ? ConnectionState.Open : ConnectionState.Closed, held.State);
                await db.Cases.AnyAsync();
                await db.SaveChangesAsync();
                Assert.Equal(keptOpen ? ConnectionState.Open : ConnectionState.Closed, held.State);
            }
            finally { accessor.HttpContext = null; }
        }
        Assert.Equal(ConnectionState.Closed, held.State);
    }

    [Fact]
    public async Task AContextOutsideARequest_GivesItsConnectionBackAfterEachCommand()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        await db.Users.AnyAsync();
        Assert.Equal(ConnectionState.Closed, db.Database.GetDbConnection().State);
    }

    /// <summary>The options are built once per process, not for every context (round 39: a seventh of what an API import
    /// allocated); a request's on PostgreSQL are the second set, with the kept connection.</summary>
    [Fact]
    public async Task ContextsShareTheirOptions_ARequestsOnPostgresHaveTheirOwn()
    {
        var accessor = app.Services.GetRequiredService<IHttpContextAccessor>();
        await using var one = app.Services.CreateAsyncScope();
        await using var two = app.Services.CreateAsyncScope();
        var shared = one.ServiceProvider.GetRequiredService<DbContextOptions<VigilDbContext>>();
        Assert.Same(shared, two.ServiceProvider.GetRequiredService<DbContextOptions<VigilDbContext>>());
        await using var request = app.Services.CreateAsyncScope();
        accessor.HttpContext = new DefaultHttpContext { RequestServices = request.ServiceProvider };
        try
        {
            var requests = request.ServiceProvider.GetRequiredService<DbContextOptions<VigilDbContext>>();
            Assert.Equal(keptOpen, !ReferenceEquals(shared, requests));
            await using var another = app.Services.CreateAsyncScope();
            accessor.HttpContext = new DefaultHttpContext { RequestServices = another.ServiceProvider };
            Assert.Same(requests, another.ServiceProvider.GetRequiredService<DbContextOptions<VigilDbContext>>());
        }
        finally { accessor.HttpContext = null; }
    }

    [Fact]
    public async Task AScopeMadeInsideARequest_IsNotTheRequests()
    {
        var accessor = app.Services.GetRequiredService<IHttpContextAccessor>();
        await using var request = app.Services.CreateAsyncScope();
        accessor.HttpContext = new DefaultHttpContext { RequestServices = request.ServiceProvider };
        try
        {
            await using var own = app.Services.CreateAsyncScope();
            var db = own.ServiceProvider.GetRequiredService<VigilDbContext>();
            await db.Users.AnyAsync();
            Assert.Equal(ConnectionState.Closed, db.Database.GetDbConnection().State);
        }
        finally { accessor.HttpContext = null; }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RequestConnectionTests_Sqlite(SqliteApp app) : RequestConnectionTests(app, keptOpen: false);

[Collection(PostgresCollection.Name)]
public sealed class RequestConnectionTests_Postgres(PostgresApp app) : RequestConnectionTests(app, keptOpen: true);
