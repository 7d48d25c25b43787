using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Vigil.Web.Tests.Hosting;

/// <summary>Counts what a request sends to the store through EF, synchronous or not: its commands (each one round trip), the statements in
/// them (a batched save is one command of several), and its transactions' BEGIN (sent with the next command: a statement,
/// no round trip of its own), savepoints and COMMIT/ROLLBACK (a statement and a round trip each). Work outside a request
/// (the linkage worker, timers) is not counted, unless started to count only that (<see cref="Start(bool)"/>). What Npgsql
/// sends outside EF (an import's binary COPY) is not seen.</summary>
public sealed class StatementCounter
{
    private readonly ConcurrentQueue<string> sent = new();
    private volatile bool on;
    private volatile bool outsideRequests;
    private readonly ConcurrentQueue<string> compiled = new();
    private int commands, statements, roundTrips;

    /// <summary>Counts from now what requests send; with <paramref name="outside"/>, only what is sent outside any request
    /// (a linkage worker's batch driven by the test).</summary>
    public void Start(bool outside = false)
    {
        outsideRequests = outside;
        sent.Clear();
        compiled.Clear();
        commands = statements = roundTrips = 0;
        on = true;
    }

    public Counted Stop()
    {
        on = false;
        return new(Volatile.Read(ref statements), Volatile.Read(ref roundTrips), [.. sent], [.. compiled]);
    }

    private void Add(IHttpContextAccessor http, string text, int statementCount, int trips)
    {
        if (!on || (http.HttpContext is null) != outsideRequests) return;
        Interlocked.Add(ref statements, statementCount);
        Interlocked.Add(ref roundTrips, trips);
        Interlocked.Increment(ref commands);
        sent.Enqueue(text);
    }

    /// <summary>EF separates the statements of a batched command with ";" at a line's end; its values are parameters.</summary>
    private static int StatementsIn(string sql) =>
        Math.Max(1, sql.Split('\n').Count(line => line.TrimEnd().EndsWith(';')));

    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<StatementCounter>();
        services.AddSingleton<IInterceptor>(sp => new Commands(sp.GetRequiredService<StatementCounter>(), sp.GetRequiredService<IHttpContextAccessor>()));
        services.AddSingleton<IInterceptor>(sp => new Compilations(sp.GetRequiredService<StatementCounter>(), sp.GetRequiredService<IHttpContextAccessor>()));
        services.AddSingleton<IInterceptor>(sp => new Transactions(sp.GetRequiredService<StatementCounter>(), sp.GetRequiredService<IHttpContextAccessor>()));
    }

    private sealed class Commands(StatementCounter counter, IHttpContextAccessor http) : DbCommandInterceptor
    {
        private void Count(DbCommand command) => counter.Add(http, command.CommandText, StatementsIn(command.CommandText), 1);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Count(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Count(command);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Count(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Count(command);
            return ValueTask.FromResult(result);
        }

        // A synchronous call sends the same statement: counted too, or a route that slipped into sync I/O would look cheaper.
        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Count(command);
            return result;
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            Count(command);
            return result;
        }
    }

    /// <summary>EF calls this only when a query misses its compiled-query cache: a warm request that lands here builds
    /// its query's shaper again (expression compilation and JIT of a new delegate), every time it is sent.</summary>
    private sealed class Compilations(StatementCounter counter, IHttpContextAccessor http) : IQueryExpressionInterceptor
    {
        public System.Linq.Expressions.Expression QueryCompilationStarting(System.Linq.Expressions.Expression queryExpression, QueryExpressionEventData eventData)
        {
            if (counter.on && (http.HttpContext is null) == counter.outsideRequests) counter.compiled.Enqueue(queryExpression.ToString());
            return queryExpression;
        }
    }

    private sealed class Transactions(StatementCounter counter, IHttpContextAccessor http) : DbTransactionInterceptor
    {
        public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        {
            counter.Add(http, "BEGIN", 1, 0);
            return ValueTask.FromResult(result);
        }

        public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
        {
            counter.Add(http, "BEGIN", 1, 0);
            return result;
        }

        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => counter.Add(http, "COMMIT", 1, 1);

        public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => counter.Add(http, "ROLLBACK", 1, 1);

        public override void CreatedSavepoint(DbTransaction transaction, TransactionEventData eventData) => counter.Add(http, "SAVEPOINT", 1, 1);

        public override void ReleasedSavepoint(DbTransaction transaction, TransactionEventData eventData) => counter.Add(http, "RELEASE SAVEPOINT", 1, 1);

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            counter.Add(http, "COMMIT", 1, 1);
            return Task.CompletedTask;
        }

        public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            counter.Add(http, "ROLLBACK", 1, 1);
            return Task.CompletedTask;
        }

        public override Task CreatedSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
        {
            counter.Add(http, "SAVEPOINT", 1, 1);
            return Task.CompletedTask;
        }

        public override Task ReleasedSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
        {
            counter.Add(http, "RELEASE SAVEPOINT", 1, 1);
            return Task.CompletedTask;
        }
    }
}

/// <summary>What one request sent, and the LINQ queries EF compiled for it (a miss of its compiled-query cache).</summary>
public sealed record Counted(int Statements, int RoundTrips, IReadOnlyList<string> Sent, IReadOnlyList<string> Compiled);
