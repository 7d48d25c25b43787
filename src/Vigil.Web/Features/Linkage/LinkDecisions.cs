using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Cases;

namespace Vigil.Web.Features.Linkage;

public enum DecisionOutcome { Done, NotFound, AlreadyDecided, ReasonRequired }

/// <summary>An analyst confirms or rejects a candidate. A confirmation puts both deaths in one linked series (merging
/// series when each already has one), tells the investigators of every member case, raises a review action on each
/// and publishes "linked-series" (the family module tells families). Either way the model in use learns from it.</summary>
public sealed class LinkDecisions(VigilDbContext db, LinkageEngine engine, ICaseActionSink actions, CaseEvents events, TimeProvider clock)
{
    public const int ReviewDays = 7;

    public async Task<DecisionOutcome> DecideAsync(Guid candidateId, bool confirm, string? reason, string userId, string userName, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) return DecisionOutcome.ReasonRequired;
        var candidate = await db.Candidates().FirstOrDefaultAsync(c => c.Id == candidateId, ct);
        if (candidate is null) return DecisionOutcome.NotFound;
        if (candidate.Status != LinkStatus.Open) return DecisionOutcome.AlreadyDecided;
        var now = clock.GetUtcNow().UtcDateTime;
        candidate.Status = confirm ? LinkStatus.Confirmed : LinkStatus.Rejected;
        db.Decisions().Add(new LinkDecision { CandidateId = candidate.Id, Confirmed = confirm, Reason = reason.Trim(), DecidedBy = userId, DecidedAt = now });
        var cases = await db.Cases.Include(c => c.People).Include(c => c.Toxicology).AsSplitQuery()
            .Where(c => c.Id == candidate.NewerCaseId || c.Id == candidate.EarlierCaseId).ToListAsync(ct);
        var newer = cases.Single(c => c.Id == candidate.NewerCaseId);
        var earlier = cases.Single(c => c.Id == candidate.EarlierCaseId);
        if (confirm) await FormSeriesAsync(newer, earlier, userName, now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return DecisionOutcome.AlreadyDecided;
        }
        // After the commit: the model changes only for a decision that is on record.
        await engine.UpdateAsync(newer, earlier, confirm, ct);
        return DecisionOutcome.Done;
    }

    private async Task FormSeriesAsync(DeathCase newer, DeathCase earlier, string by, DateTime now, CancellationToken ct)
    {
        var ids = new[] { newer.Id, earlier.Id };
        var memberships = await db.SeriesMembers().Where(m => ids.Contains(m.CaseId)).ToListAsync(ct);
        var seriesIds = memberships.Select(m => m.SeriesId).Distinct().ToList();
        var series = await db.Series().Where(s => seriesIds.Contains(s.Id)).OrderBy(s => s.CreatedAt).ToListAsync(ct);
        var members = await db.SeriesMembers().Where(m => seriesIds.Contains(m.SeriesId)).ToListAsync(ct);
        var keep = series.FirstOrDefault();
        if (keep is null)
        {
            keep = new LinkedSeries { Reference = NewReference(now), CreatedAt = now, CreatedBy = by };
            db.Series().Add(keep);
        }
        // Merge later series into the oldest one: members move, the emptied series stays as a record that it existed.
        foreach (var m in members) m.SeriesId = keep.Id;
        foreach (var c in new[] { earlier, newer })
            if (!memberships.Any(m => m.CaseId == c.Id))
                db.SeriesMembers().Add(new LinkedSeriesMember { SeriesId = keep.Id, CaseId = c.Id, AddedAt = now, AddedBy = by });
        var memberIds = members.Select(m => m.CaseId).Union(ids).ToList();
        await TellMembersAsync(keep, memberIds, by, now, ct);
    }

    private async Task TellMembersAsync(LinkedSeries series, List<Guid> memberIds, string by, DateTime now, CancellationToken ct)
    {
        var teams = await db.Cases.Where(c => memberIds.Contains(c.Id)).Select(c => new { c.Id, c.Reference, c.TeamId }).ToListAsync(ct);
        var officers = await LinkageRecipients.InvestigatorsAsync(db, teams.Select(t => t.TeamId).Distinct().ToList(), memberIds, ct);
        // Published to every member case (and from there to its family): it must not name another team's case.
        var text = string.Create(CultureInfo.InvariantCulture,
            $"Linked series {series.Reference} confirmed: deaths possibly sharing an offender ({memberIds.Count} deaths in the series).");
        foreach (var t in teams)
        {
            // Each officer is told about the cases they can see; the message names the series, and the series panel
            // shows only the members the reader may open (another team's case is counted, not named).
            var detail = string.Create(CultureInfo.InvariantCulture, $"Case {t.Reference} is in linked series {series.Reference} ({memberIds.Count} deaths). Review the series and the lines of enquiry it opens.");
            db.TimelineEvents.Add(new TimelineEvent { CaseId = t.Id, OccurredAt = now, Kind = TimelineKinds.LinkedSeries, Description = detail, RecordedBy = by });
            foreach (var officer in officers.Where(o => o.TeamId == t.TeamId || o.CaseId == t.Id).Select(o => o.UserId).Distinct())
                db.Notifications().Add(new OfficerNotification { UserId = officer, CaseId = t.Id, Text = detail, CreatedAt = now });
            await actions.RaiseAsync(db, new ActionRequest(t.Id, "linked-series-review", $"Review linked series {series.Reference}", detail, Mandatory: true, TimeSpan.FromDays(ReviewDays), by), ct);
            await events.PublishAsync(db, new CaseEvent(t.Id, CaseEventKinds.LinkedSeries, text, by), ct);
        }
    }

    private static string NewReference(DateTime now) =>
        string.Create(CultureInfo.InvariantCulture, $"LS-{now.Year}-{Guid.CreateVersion7().ToString("N")[^6..].ToUpperInvariant()}");
}
