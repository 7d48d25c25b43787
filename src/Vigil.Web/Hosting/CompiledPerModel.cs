using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Vigil.Web.Hosting;

/// <summary>An EF compiled query, one per model. EF binds a compiled query to the model (the provider) of the first
/// context that runs it, so a process that opens both kinds of store — the tests, a restore from one kind into the
/// other — needs one delegate for each (ADR 2192).</summary>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConcurrentDictionary<IModel, TQuery> byModel = new();

    public TQuery For(DbContext db) => byModel.GetOrAdd(db.Model, _ => compile());
}
