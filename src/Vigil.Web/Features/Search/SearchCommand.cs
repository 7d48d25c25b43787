namespace Vigil.Web.Features.Search;

/// <summary>`vigil search reindex`: rebuilds every search document from the cases (after a restore, or for a store
/// imported before search existed). Saving a case keeps its own documents current without this.</summary>
public static class SearchCommand
{
    public static Command Create()
    {
        var reindex = new Command("reindex", "Rebuild the search index from every case in the store");
        reindex.SetAction(async (parse, ct) =>
        {
            await using var services = CliServices.Build(parse);
            var settings = CliServices.Settings(services);
            await DataSetup.MigrateAsync(services, ct);
            var started = DateTime.UtcNow;
            var done = await SearchIndexer.RebuildAllAsync(() => UnauditedContext.Create(services, settings.Database, "search-reindex"), n => { if (n % 50_000 == 0) Console.WriteLine($"{n:N0} cases indexed"); }, ct);
            Console.WriteLine($"search index rebuilt: {done:N0} cases in {(DateTime.UtcNow - started).TotalSeconds:F1} s");
            return VigilCli.Ok;
        });
        return new Command("search", "Search index maintenance") { reindex };
    }
}
