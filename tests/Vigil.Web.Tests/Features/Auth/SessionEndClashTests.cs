using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Auth;

/// <summary>sec63's leftover, sec64 (ADR 3349): signing out ends every session of the user with a new security stamp.
/// Identity writes it under the concurrency stamp the request read and answers a failed result, not an exception, when
/// another write came between (a try counted on another browser): the other sessions then lived on. The write that comes
/// between is made by <see cref="ClashOnce"/> just before Identity's UPDATE of the stamp is sent, on its connection.</summary>
public abstract class SessionEndClashTests
{
    protected abstract VigilAppFactory NewApp(Action<IServiceCollection> services);

    [Fact]
    public async Task SigningOut_WhileAnotherWriteChangesTheRow_StillEndsTheOtherSessions()
    {
        var clash = new ClashOnce();
        await using var app = NewApp(s => s.AddSingleton<IInterceptor>(clash));
        await app.InitializeAsync();
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var here = await app.SignedInClientAsync(ivy);
        using var elsewhere = await app.SignedInClientAsync(ivy);

        clash.Arm(ivy.Id);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(here, "/logout", [], "/cases")).StatusCode);
        Assert.True(clash.Fired);
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.GetAsync("/cases")).StatusCode); // to sign in: ended too
    }

    /// <summary>Once armed, changes the user's concurrency stamp just before the first statement that writes their security
    /// stamp is sent: the write of another request that came between this one's read and its write.</summary>
    private sealed class ClashOnce : DbCommandInterceptor
    {
        private string? userId;
        private int fired;

        public bool Fired => fired == 1;

        public void Arm(string id) => userId = id;

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await ClashAsync(command, cancellationToken);
            return result;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await ClashAsync(command, cancellationToken);
            return result;
        }

        private async Task ClashAsync(DbCommand command, CancellationToken ct)
        {
            if (userId is not { } id || !command.CommandText.Contains("UPDATE \"AspNetUsers\"", StringComparison.Ordinal)
                || !command.CommandText.Contains("\"SecurityStamp\" = @", StringComparison.Ordinal) || Interlocked.Exchange(ref fired, 1) == 1) return;
            await using var other = command.Connection!.CreateCommand();
            other.Transaction = command.Transaction;
            other.CommandText = $"UPDATE \"AspNetUsers\" SET \"ConcurrencyStamp\" = '{Guid.NewGuid()}' WHERE \"Id\" = '{id}'";
            await other.ExecuteNonQueryAsync(ct);
        }
    }
}

public sealed class SessionEndClashTests_Sqlite : SessionEndClashTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new SqliteApp { ServiceChanges = services };
}

public sealed class SessionEndClashTests_Postgres : SessionEndClashTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new PostgresApp { ServiceChanges = services };
}
