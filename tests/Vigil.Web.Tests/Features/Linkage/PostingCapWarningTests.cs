using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Data.Identity;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>ADR 1640: the postings cap (ADR 3173) bounds a query's time by leaving the oldest earlier deaths under a very
/// common key uncompared. That was counted only by the developers' `caps` tool; a force whose key outgrew the cap heard
/// nothing. Now a batch whose walks the cap cut is a warning naming the count and the setting.</summary>
public abstract class PostingCapWarningTests(Func<IReadOnlyDictionary<string, string>, Action<IServiceCollection>, VigilAppFactory> create)
{
    [Fact]
    public Task AWalkTheCapCuts_IsAWarning_AndOneItDoesNotCutIsNot()
    {
        var logs = new LogCapture(LogLevel.Warning);
        var settings = new Dictionary<string, string> { ["Vigil:Linkage:MaxPostingsPerKey"] = "2" };
        return LinkageClient.OnOwnStoreAsync(create(settings, s => s.AddSingleton<ILoggerProvider>(logs)), async app =>
        {
            var ivy = await app.CreateUserAsync(Roles.Investigator);
            using var api = app.ApiClient(ivy);
            var finder = LinkageSamples.UniqueFinder();
            LogCapture.Entry[] Warnings() => [.. logs.Entries.Where(e => e.Category == typeof(LinkageEngine).FullName && e.Values.ContainsKey("Walks"))];

            // The third death's keys hold two earlier postings each: read whole, at the cap but not past it.
            await LinkageClient.CreateComparedAsync(app, api, ivy, finder, (0, "Capped First"), (21, "Capped Second"), (42, "Capped Third"));
            Assert.Empty(Warnings());

            await LinkageClient.CreateComparedAsync(app, api, ivy, finder, (63, "Capped Fourth"));
            var warning = Assert.Single(Warnings());
            Assert.Equal(2, warning.Values["Cap"]);
            Assert.True((long)warning.Values["Walks"]! >= 1, warning.Message);
            Assert.Contains("Vigil:Linkage:MaxPostingsPerKey", warning.Message, StringComparison.Ordinal);
        });
    }
}

public sealed class PostingCapWarningTests_Sqlite() : PostingCapWarningTests((settings, services) => new SqliteApp { Settings = settings, ServiceChanges = services });

[Collection(PostgresCollection.Name)]
public sealed class PostingCapWarningTests_Postgres() : PostingCapWarningTests((settings, services) => new PostgresApp { Settings = settings, ServiceChanges = services });
