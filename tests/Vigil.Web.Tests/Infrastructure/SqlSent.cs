using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vigil.Web.Tests.Infrastructure;

/// <summary>The text of every query statement sent, to see what the database was asked (a LIMIT, a table read); added as
/// an <see cref="IInterceptor"/> through <c>ServiceChanges</c>. <see cref="Hosting.StatementCounter"/> counts a request's
/// statements for the budgets; this only keeps their text.</summary>
public sealed class SqlSent : DbCommandInterceptor
{
    public ConcurrentBag<string> Texts { get; } = [];

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Texts.Add(command.CommandText);
        return ValueTask.FromResult(result);
    }
}
