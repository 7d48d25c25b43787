namespace Vigil.Web.Hosting;

/// <summary>A context without the audit chain, for rows a verb derives or generates rather than records: the search
/// index (ADR 0701) and the bench's synthetic store (ADR 1626). Its options are configured on the verb's services, as
/// every other context's are (<see cref="ContextOptionsCache"/>), so EF finds the internal service provider it already
/// keeps for them. Built on a bare options builder instead, each was an EF configuration of its own, and EF refuses any
/// new configuration once a process has made twenty (ManyServiceProvidersCreatedWarning, an error by default): the
/// test run, whose hosts make that many, saw `vigil bench` exit 1 in rounds 57 and 58.</summary>
public static class UnauditedContext
{
    /// <summary>A context on <paramref name="database"/> whose saves are <paramref name="actor"/>'s and append nothing to
    /// the chain; with <paramref name="bulk"/>, new rows go in bulk as an import batch's do (ADR 1132).</summary>
    public static VigilDbContext Create(IServiceProvider services, string database, string actor, bool bulk = false)
    {
        var options = VigilDatabase.Configure(new DbContextOptionsBuilder<VigilDbContext>().UseApplicationServiceProvider(services), database);
        if (bulk) options.AddInterceptors(new Data.Bulk.BulkInsertInterceptor());
        return new VigilDbContext((DbContextOptions<VigilDbContext>)options.Options, new FixedAuditActor(actor)) { BulkInserts = bulk };
    }
}
