namespace Vigil.Web.Features.Linkage;

/// <summary>An analyst confirms or rejects a pair candidate, or a death proposed to a series. A confirmation puts
/// the deaths in one confirmed series (merging series when each already has one; a candidate series becomes
/// confirmed once two of its members are), tells the investigators of every member case, raises a review action on
/// each and publishes "linked-series" (the family module tells families). Either way the model in use learns from it.
/// Each decision answers null when it is on record, or the <see cref="Refusal"/> that says why not.</summary>
public sealed class LinkDecisions(VigilDbContext db, LinkageEngine engine, ICaseActionSink actions, CaseEvents events, TimeProvider clock)
{
    public const int ReviewDays = 7;

    public static readonly Refusal ReasonRequired = Refusal.Invalid("Give the reason for your decision: it is kept on record.");
    // Said as the pages say it ("pair", "death"): "this candidate" was the engine's word on the analyst's page (walk59).
    public static readonly Refusal CandidateDecided = Refusal.Conflict("This pair has already been decided: your decision was not recorded.");
    public static readonly Refusal MemberDecided = Refusal.Conflict("This death has already been decided in this series: your decision was not recorded.");

    public async Task<Refusal?> DecideAsync(Guid candidateId, bool confirm, string? reason, string userId, string userName, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) return ReasonRequired;
        var candidate = await db.Candidates().FirstOrDefaultAsync(c => c.Id == candidateId, ct);
        if (candidate is null) return Refusal.NotFound;
        // A lapsed pair (no longer alike after a change, ADR 3142) is undecided still: an analyst may know better than the score.
        if (!LinkStatus.Undecided(candidate.Status)) return CandidateDecided;
        var now = clock.GetUtcNow().UtcDateTime;
        candidate.MoveTo(confirm ? LinkStatus.Confirmed : LinkStatus.Rejected, now);
        var decision = new LinkDecision { CandidateId = candidate.Id, Confirmed = confirm, Reason = reason.Trim(), DecidedBy = userId, DecidedAt = now };
        db.Decisions().Add(decision);
        var (newer, earlier) = await PairAsync(candidate.NewerCaseId, candidate.EarlierCaseId, ct);
        LinkedSeries? series = null;
        if (confirm) series = await ConfirmTogetherAsync(null, [newer.Id, earlier.Id], userName, now, ct);
        if (!await SaveAsync(ct)) return CandidateDecided;
        // After the commit: the model changes only for a decision that is on record.
        await engine.UpdateAsync(newer, earlier, confirm, ct, decision.Id);
        if (series is not null) await engine.TrackAsync(series.Id, [newer.Id, earlier.Id], confirmed: true, ct);
        return null;
    }

    /// <summary>Confirms or rejects a death proposed to a series.</summary>
    public async Task<Refusal?> DecideMemberAsync(Guid seriesId, Guid caseId, bool confirm, string? reason, string userId, string userName, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) return ReasonRequired;
        var member = await db.SeriesMembers().FirstOrDefaultAsync(m => m.SeriesId == seriesId && m.CaseId == caseId, ct);
        if (member is null) return Refusal.NotFound;
        // A lapsed proposal is still decidable, as a lapsed pair is (ADR 3149).
        if (!MemberStatus.Undecided(member.Status)) return MemberDecided;
        var now = clock.GetUtcNow().UtcDateTime;
        member.MoveTo(confirm ? MemberStatus.Confirmed : MemberStatus.Rejected, now);
        (member.DecidedAt, member.DecidedBy, member.DecisionReason) = (now, userId, reason.Trim());
        var series = await db.Series().FirstAsync(s => s.Id == seriesId, ct);
        var confirmed = await db.SeriesMembers().Where(m => m.SeriesId == seriesId && m.Status == MemberStatus.Confirmed && m.CaseId != caseId)
            .Select(m => m.CaseId).ToListAsync(ct);
        if (confirm && (series.Status == SeriesStatus.Confirmed || confirmed.Count >= 1))
            series = await ConfirmTogetherAsync(series, [.. confirmed, caseId], userName, now, ct);
        if (!await SaveAsync(ct)) return MemberDecided;
        if (!confirm)
        {
            await engine.UntrackAsync(seriesId, caseId, ct);
            return null;
        }
        if (confirmed.Count > 0)
        {
            // The model learns from the new member and the member found just before it.
            var (newer, earlier) = await LatestPairAsync(caseId, confirmed, ct);
            await engine.UpdateAsync(newer, earlier, true, ct);
        }
        await engine.TrackAsync(series.Id, [.. confirmed, caseId], confirmed: series.Status == SeriesStatus.Confirmed, ct);
        return null;
    }

    /// <summary>False when another analyst's decision changed the pair's or member's status first (its token): nothing of
    /// this one was written, and the tracker is cleared, so the page read after the refusal shows the decision that stands.</summary>
    private Task<bool> SaveAsync(CancellationToken ct) => db.SavedFirstAsync(ct);

    private async Task<(DeathCase Newer, DeathCase Earlier)> PairAsync(Guid newerId, Guid earlierId, CancellationToken ct)
    {
        var cases = await db.Cases.Include(c => c.People).Include(c => c.Toxicology).AsSplitQuery()
            .Where(c => c.Id == newerId || c.Id == earlierId).ToListAsync(ct);
        return (cases.Single(c => c.Id == newerId), cases.Single(c => c.Id == earlierId));
    }

    private async Task<(DeathCase Newer, DeathCase Earlier)> LatestPairAsync(Guid caseId, List<Guid> others, CancellationToken ct)
    {
        var found = await db.Cases.Where(c => c.Id == caseId).Select(c => c.FoundAt).FirstAsync(ct);
        var dates = await db.Cases.Where(c => others.Contains(c.Id)).Select(c => new { c.Id, c.FoundAt }).ToListAsync(ct);
        var nearest = dates.OrderBy(d => Math.Abs((d.FoundAt - found).TotalDays)).Select(d => d.Id).FirstOrDefault();
        return await PairAsync(caseId, nearest == Guid.Empty ? others[0] : nearest, ct);
    }

    /// <summary>Makes the cases confirmed members of one confirmed series: <paramref name="into"/> when given, else the
    /// oldest confirmed series any of them is in, else a new one. Confirmed series the cases belonged to are merged
    /// into it (members move; the emptied series stays as a record that it existed). Everyone is told.</summary>
    private async Task<LinkedSeries> ConfirmTogetherAsync(LinkedSeries? into, List<Guid> caseIds, string by, DateTime now, CancellationToken ct)
    {
        var confirmedSeries = await db.SeriesMembers().Where(m => caseIds.Contains(m.CaseId) && m.Status == MemberStatus.Confirmed)
            .Join(db.Series().Where(s => s.Status == SeriesStatus.Confirmed), m => m.SeriesId, s => s.Id, (m, s) => s)
            .Distinct().OrderBy(s => s.CreatedAt).ToListAsync(ct);
        var keep = into ?? confirmedSeries.FirstOrDefault();
        if (keep is null)
        {
            keep = new LinkedSeries { Reference = NewReference(now), Status = SeriesStatus.Confirmed, CreatedAt = now, CreatedBy = by };
            db.Series().Add(keep);
        }
        keep.Status = SeriesStatus.Confirmed;
        var mergedIds = confirmedSeries.Select(s => s.Id).Where(id => id != keep.Id).ToList();
        var keptRows = await db.SeriesMembers().Where(m => m.SeriesId == keep.Id).ToListAsync(ct);
        var moving = await db.SeriesMembers().Where(m => mergedIds.Contains(m.SeriesId) && m.Status == MemberStatus.Confirmed).ToListAsync(ct);
        foreach (var m in moving)
        {
            if (keptRows.FirstOrDefault(k => k.CaseId == m.CaseId) is { } already)
            {
                // The case was proposed here too: its confirmation stands, the duplicate row records the merge.
                already.MoveTo(MemberStatus.Confirmed, now);
                (already.DecidedAt, already.DecidedBy, already.DecisionReason) = (m.DecidedAt ?? now, m.DecidedBy ?? by, m.DecisionReason);
                m.MoveTo(MemberStatus.Rejected, now);
                m.DecisionReason = $"merged into {keep.Reference}";
                continue;
            }
            m.SeriesId = keep.Id;
            keptRows.Add(m);
        }
        foreach (var c in caseIds)
        {
            if (keptRows.FirstOrDefault(k => k.CaseId == c) is { } row)
            {
                if (row.Status != MemberStatus.Confirmed)
                {
                    row.MoveTo(MemberStatus.Confirmed, now);
                    (row.DecidedAt, row.DecidedBy) = (now, row.DecidedBy ?? by);
                }
                continue;
            }
            var added = new LinkedSeriesMember { SeriesId = keep.Id, CaseId = c, Status = MemberStatus.Confirmed, AddedAt = now, AddedBy = by, DecidedAt = now, DecidedBy = by };
            db.SeriesMembers().Add(added);
            keptRows.Add(added);
        }
        await TellMembersAsync(keep, [.. keptRows.Where(m => m.Status == MemberStatus.Confirmed).Select(m => m.CaseId).Distinct()], by, now, ct);
        return keep;
    }

    private async Task TellMembersAsync(LinkedSeries series, List<Guid> memberIds, string by, DateTime now, CancellationToken ct)
    {
        var teams = await db.Cases.Where(c => memberIds.Contains(c.Id)).Select(c => new { c.Id, c.Reference, c.TeamId }).ToListAsync(ct);
        var officers = await LinkageRecipients.InvestigatorsAsync(db, teams.Select(t => t.TeamId).Distinct().ToList(), memberIds, ct);
        // Published to every member case (and from there to its family): it must not name another team's case.
        var text = string.Create(CultureInfo.InvariantCulture,
            $"Linked series {series.Reference} confirmed: deaths possibly sharing an offender ({Plural.Count(memberIds.Count, "death", "deaths")} in the series).");
        foreach (var t in teams)
        {
            // Each officer is told about the cases they can see; the message names the series, and the series page
            // shows only the members the reader may open (another team's case is counted, not named).
            var detail = string.Create(CultureInfo.InvariantCulture, $"Case {t.Reference} is in linked series {series.Reference} ({Plural.Count(memberIds.Count, "death", "deaths")}). Review the series and the lines of enquiry it opens.");
            db.TimelineEvents.Add(new TimelineEvent { CaseId = t.Id, OccurredAt = now, Kind = TimelineKinds.LinkedSeries, Description = detail, RecordedBy = by });
            foreach (var officer in officers.Where(o => o.TeamId == t.TeamId || o.CaseId == t.Id).Select(o => o.UserId).Distinct())
                db.Notifications().Add(new Vigil.Data.Notifications.Notification { UserId = officer, Kind = Vigil.Data.Notifications.NotificationKinds.LinkedSeries, CaseId = t.Id, Text = detail, Href = $"/cases/{t.Id}", CreatedAt = now });
            await actions.RaiseAsync(db, new ActionRequest(t.Id, "linked-series-review", $"Review linked series {series.Reference}", detail, Mandatory: true, TimeSpan.FromDays(ReviewDays), by), ct);
            await events.PublishAsync(db, new CaseEvent(t.Id, CaseEventKinds.LinkedSeries, text, by), ct);
        }
    }

    internal static string NewReference(DateTime now) =>
        string.Create(CultureInfo.InvariantCulture, $"LS-{now.Year}-{NewId.Version7().ToString("N")[^6..].ToUpperInvariant()}");
}
