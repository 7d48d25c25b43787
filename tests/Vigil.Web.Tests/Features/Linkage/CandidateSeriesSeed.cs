using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>A candidate series of the kind (an <see cref="AlertKind"/>) written as the engine would propose it, for the access tests that need one by design
/// rather than by the engine's chance (ADRs 2802, 2903).</summary>
public static class CandidateSeriesSeed
{
    public static Task<(Guid Id, string Reference)> AddAsync(VigilAppFactory app, string kind, params Guid[] members) => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<VigilDbContext>();
        var series = new LinkedSeries
        {
            Reference = "LS-T-" + Guid.NewGuid().ToString("N")[..6], Status = SeriesStatus.Candidate, Kind = kind,
            Summary = "the engine's proposal", CreatedAt = DateTime.UtcNow, CreatedBy = "engine",
        };
        db.Add(series);
        foreach (var c in members)
            db.Add(new LinkedSeriesMember { SeriesId = series.Id, CaseId = c, Status = MemberStatus.Proposed, Evidence = kind, AddedAt = DateTime.UtcNow, AddedBy = "engine" });
        await db.SaveChangesAsync();
        return (series.Id, series.Reference);
    });
}
