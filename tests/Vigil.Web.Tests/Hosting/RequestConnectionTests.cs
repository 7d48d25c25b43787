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
