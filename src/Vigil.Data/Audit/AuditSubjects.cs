using Microsoft.EntityFrameworkCore.ChangeTracking;
using Vigil.Data.Linkage;

namespace Vigil.Data.Audit;

/// <summary>Which case an entry belongs to, and which other cases it concerns. Most rows carry a CaseId; linkage rows
/// join two deaths (or a series of them), and a case rebuilt "as known on" a date must find them from either side.</summary>
internal static class AuditSubjects
{
    public static (Guid? Case, IReadOnlyList<Guid> Also) Of(EntityEntry e, ChangeTracker tracker)
    {
        switch (e.Entity)
        {
            case DeathCase c:
                return (c.Id, []);
            case LinkCandidate candidate:
                return (candidate.NewerCaseId, [candidate.EarlierCaseId]);
            case LinkDecision decision:
                var decided = tracker.Entries<LinkCandidate>().Select(x => x.Entity).FirstOrDefault(x => x.Id == decision.CandidateId);
                return decided is null ? (null, []) : (decided.NewerCaseId, [decided.EarlierCaseId]);
            case LinkedSeries series:
                var members = tracker.Entries<LinkedSeriesMember>().Select(x => x.Entity).Where(m => m.SeriesId == series.Id).Select(m => m.CaseId).Distinct().ToList();
                return members.Count == 0 ? (null, []) : (members[0], members.Skip(1).ToList());
        }
        var property = e.Metadata.FindProperty("CaseId");
        return (property is null ? null : e.Property("CaseId").CurrentValue as Guid?, []);
    }
}
