namespace Vigil.Web.Features.Linkage.Alerts;

/// <summary>Turns the engine's assessments into items of the one analysts' queue. A death that reaches a confirmed
/// or candidate series is proposed to that series as ONE item, scored against the series as a whole (earlier deaths alike
/// to it outside that series stay pairs, ADR 1660); a death whose
/// person or concentration signal connects it with two or more earlier deaths it alerts on becomes a candidate series
/// the engine proposes; otherwise each earlier death is a pair to compare side by side. An item already
/// queued keeps its row: an open one takes the new score, a decided one stays decided. An undecided pair of a death
/// compared again that its alert no longer names takes its new score too, and lapses below the threshold (ADR 3142); so
/// do the pairs its alert names but proposes to a series instead, and the deaths proposed to its series (ADR 3145).</summary>
public sealed class AlertWriter(VigilDbContext db, LinkageEngine engine, TimeProvider clock)
{
    public const string Engine = "linkage engine";

    // Series memberships to tell the engine's index once they are committed: told earlier, a concurrent save could
    // propose a death to a series whose row it cannot see yet, and a failed save would leave a phantom series.
    private readonly List<(Guid SeriesId, Guid[] CaseIds)> committedTracks = [];
    // Series the engine tracked for the batch under an id the writer did not create (ADR 1636): the death went to the
    // candidate series of its earlier comparison instead. Later deaths of the batch proposed to the one go to the other.
    private readonly Dictionary<Guid, Guid> startedAs = [];
    // Deaths the engine tracked into a series for the batch that an analyst had rejected from it: the rejection stands,
    // and the index leaves them out again once the batch is stored, as one built from the store does.
    private readonly List<(Guid SeriesId, Guid CaseId)> rejectedBefore = [];

    public Task SaveAsync(ComparedBatch compared, CancellationToken ct) => SaveAsync(compared, null, ct);

    /// <summary>Writes the alerts and the pairs scored again, and whatever <paramref name="alsoInTransaction"/> writes, in
    /// one transaction (the linkage worker marks its outbox rows done there, so alerts and "done" commit or fail together).</summary>
    public async Task SaveAsync(ComparedBatch compared, Func<CancellationToken, Task>? alsoInTransaction, CancellationToken ct)
    {
        committedTracks.Clear();
        startedAs.Clear();
        rejectedBefore.Clear();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await StoreLocks.AnalystQueueAsync(db, ct);
            // Before the alerts: a death the alert proposes to a series again takes the alert's score there.
            var now = clock.GetUtcNow().UtcDateTime;
            await ProposalsScoredAgain.StageAsync(db, compared.Proposals, now, ct);
            await StageAsync(compared.Alerts, ct);
            // After the alerts: a pair one death of the batch names and a later one no longer does takes the later one's score.
            await LapsedPairs.SaveAsync(db, compared.Rescored, now, ct);
            if (alsoInTransaction is not null) await alsoInTransaction(ct);
            await tx.CommitAsync(ct);
        }
        foreach (var started in startedAs.Keys) await engine.ForgetSeriesAsync(started, ct);
        foreach (var (seriesId, caseId) in rejectedBefore) await engine.UntrackAsync(seriesId, caseId, ct);
        foreach (var (seriesId, caseIds) in committedTracks) await engine.TrackAsync(seriesId, caseIds, confirmed: false, ct);
    }

    private async Task StageAsync(IReadOnlyList<CaseAssessment> assessments, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var pairs = new List<CaseAssessment>();
        // Pairs the alert names but proposes to a series instead: no new pair, but one already queued takes the new score
        // (ADR 3145) — left alone, it kept the score it was raised with however the death changed.
        var named = new List<CaseAssessment>();
        foreach (var a in assessments)
        {
            if (a.Series is { } match)
            {
                // The series takes the earlier deaths that are its members; an earlier death alike outside it stays a pair
                // to compare (ADR 1660): before, the whole alert went to the series and that death was cut without a trace.
                var inSeries = a with { Earlier = [.. a.Earlier.Where(e => match.Members.Contains(e.CaseId))] };
                await ProposeAsync(startedAs.GetValueOrDefault(match.SeriesId, match.SeriesId), inSeries, match.Probability, AlertKind.Series,
                    Reasons(inSeries, match), inSeries.Earlier.FirstOrDefault()?.CaseId, now, ct);
                named.Add(inSeries);
                if (inSeries.Earlier.Count < a.Earlier.Count)
                    pairs.Add(a with { Earlier = [.. a.Earlier.Where(e => !match.Members.Contains(e.CaseId))] });
            }
            else if (a.Connected.Count >= 2)
            {
                // Compared again (an edit): the candidate series its first comparison proposed is the proposal still, and
                // what analysts decided there stays decided; a second series re-proposed deaths they had rejected (ADR 3136).
                if (await ProposedBeforeAsync(a.CaseId, a.Connected, ct) is { } before)
                {
                    await ProposeAgainAsync(before, a, now, ct);
                    if (a.NewSeriesId is { } started) startedAs[started] = before;
                }
                else NewCandidateSeries(a, now);
                // Earlier deaths alike the new one but outside what the signal connects stay pairs to compare.
                if (a.Earlier.Any(e => !a.Connected.Contains(e.CaseId)))
                    pairs.Add(a with { Earlier = [.. a.Earlier.Where(e => !a.Connected.Contains(e.CaseId))] });
                named.Add(a with { Earlier = [.. a.Earlier.Where(e => a.Connected.Contains(e.CaseId))] });
            }
            else pairs.Add(a);
        }
        await db.SaveChangesAsync(ct);
        await SavePairsAsync(pairs, named, now, ct);
    }

    private static string Reasons(CaseAssessment a, SeriesMatch match) => Clip(AlertReasons.Join(
        AsAWhole(match.Probability, match.Reasons).Concat(a.Signals).Concat(a.Earlier.Take(1).Select(e => e.Summary))));

    /// <summary>The first reasons of a death scored against a series as a whole.</summary>
    internal static IEnumerable<string> AsAWhole(double probability, IReadOnlyList<string> shared) =>
        new[] { string.Create(CultureInfo.InvariantCulture, $"Scored against the series as a whole: {probability:P0} that it belongs.") }
            .Concat(shared.Count == 0 ? [] : [$"Shares with the series: {string.Join("; ", shared)}."]);

    /// <param name="comparedWith">The earlier death whose pair comparison the reasons end with, if any.</param>
    private async Task ProposeAsync(Guid seriesId, CaseAssessment a, double probability, string evidence, string reasons, Guid? comparedWith,
        DateTime now, CancellationToken ct)
    {
        var row = await db.SeriesMembers().FirstOrDefaultAsync(m => m.SeriesId == seriesId && m.CaseId == a.CaseId, ct);
        if (row is null)
        {
            db.SeriesMembers().Add(new LinkedSeriesMember
            {
                SeriesId = seriesId, CaseId = a.CaseId, Status = MemberStatus.Proposed, Evidence = evidence,
                Probability = probability, Reasons = reasons, ComparedWithCaseId = comparedWith, AddedAt = now, AddedBy = Engine,
            });
            committedTracks.Add((seriesId, [a.CaseId]));
        }
        else if (MemberStatus.Undecided(row.Status))
        {
            // Proposed again by the death's own alert: a lapsed proposal is open again (ADR 3149).
            row.MoveTo(MemberStatus.Proposed, now);
            (row.Probability, row.Reasons, row.ComparedWithCaseId) = (probability, reasons, comparedWith);
        }
        else if (row.Status == MemberStatus.Rejected) rejectedBefore.Add((seriesId, a.CaseId));
    }

    /// <summary>The candidate series the death is a member of with an earlier death its signal connects, whatever was
    /// decided there (the oldest, if several): the same proposal made before. A candidate series it is in with other
    /// deaths only is another proposal, and does not take these.</summary>
    private Task<Guid?> ProposedBeforeAsync(Guid caseId, IReadOnlyCollection<Guid> connected, CancellationToken ct)
    {
        var ids = connected as Guid[] ?? [.. connected];
        return db.SeriesMembers().Where(m => m.CaseId == caseId)
            .Join(db.Series().Where(s => s.Status == SeriesStatus.Candidate), m => m.SeriesId, s => s.Id, (m, s) => s)
            .Where(s => db.SeriesMembers().Any(o => o.SeriesId == s.Id && ids.Contains(o.CaseId)))
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>The death's candidate series takes the new score where its row is still proposed, and earlier deaths the
    /// signal now connects that it lacks, proposed; rows already decided stay as they are.</summary>
    private async Task ProposeAgainAsync(Guid seriesId, CaseAssessment a, DateTime now, CancellationToken ct)
    {
        a = a with { Earlier = [.. a.Earlier.Where(e => a.Connected.Contains(e.CaseId))] };
        var rows = await db.SeriesMembers().Where(m => m.SeriesId == seriesId).ToListAsync(ct);
        if (rows.FirstOrDefault(m => m.CaseId == a.CaseId) is { } own && MemberStatus.Undecided(own.Status))
        {
            own.MoveTo(MemberStatus.Proposed, now);
            (own.Probability, own.Reasons, own.ComparedWithCaseId) = (a.Probability, CandidateSummary(a), CandidateSummaryPair(a));
        }
        var added = a.Earlier.Where(e => rows.All(m => m.CaseId != e.CaseId)).ToList();
        foreach (var e in added)
            db.SeriesMembers().Add(new LinkedSeriesMember
            {
                SeriesId = seriesId, CaseId = e.CaseId, Status = MemberStatus.Proposed, Evidence = a.Kind,
                Probability = e.Probability, Reasons = Clip(e.Summary), ComparedWithCaseId = a.CaseId, AddedAt = now, AddedBy = Engine,
            });
        if (added.Count > 0) committedTracks.Add((seriesId, [.. added.Select(e => e.CaseId)]));
    }

    private static string CandidateSummary(CaseAssessment a) => Clip(AlertReasons.Join(a.Signals.DefaultIfEmpty(string.Create(CultureInfo.InvariantCulture,
        $"{a.Earlier.Count} earlier deaths each alike this one: {a.Earlier[0].Summary}"))));

    /// <summary>The earlier death whose pair <see cref="CandidateSummary"/> quotes: only when no signal's words stand instead.</summary>
    private static Guid? CandidateSummaryPair(CaseAssessment a) => a.Signals.Count == 0 ? a.Earlier[0].CaseId : null;

    /// <summary>A candidate series: the new death and the earlier deaths its signal connects, all proposed.</summary>
    private void NewCandidateSeries(CaseAssessment a, DateTime now)
    {
        a = a with { Earlier = [.. a.Earlier.Where(e => a.Connected.Contains(e.CaseId))] };
        var summary = CandidateSummary(a);
        var series = new LinkedSeries
        {
            Id = a.NewSeriesId ?? NewId.Version7(),
            Reference = LinkDecisions.NewReference(now), Status = SeriesStatus.Candidate, Kind = a.Kind,
            Summary = summary, CreatedAt = now, CreatedBy = Engine,
        };
        db.Series().Add(series);
        foreach (var e in a.Earlier)
            db.SeriesMembers().Add(new LinkedSeriesMember
            {
                SeriesId = series.Id, CaseId = e.CaseId, Status = MemberStatus.Proposed, Evidence = a.Kind,
                Probability = e.Probability, Reasons = Clip(e.Summary), ComparedWithCaseId = a.CaseId, AddedAt = now, AddedBy = Engine,
            });
        db.SeriesMembers().Add(new LinkedSeriesMember
        {
            SeriesId = series.Id, CaseId = a.CaseId, Status = MemberStatus.Proposed, Evidence = a.Kind,
            Probability = a.Probability, Reasons = summary, ComparedWithCaseId = CandidateSummaryPair(a), AddedAt = now, AddedBy = Engine,
        });
        committedTracks.Add((series.Id, [.. a.Earlier.Select(e => e.CaseId), a.CaseId]));
    }

    /// <summary>Pairs: one row per pair, either way round. <paramref name="named"/> only score pairs already queued.</summary>
    private async Task SavePairsAsync(List<CaseAssessment> pairs, List<CaseAssessment> named, DateTime now, CancellationToken ct)
    {
        if (pairs.Count == 0 && named.Count == 0) return;
        var ids = pairs.Concat(named).SelectMany(a => a.Earlier.Select(e => e.CaseId).Append(a.CaseId)).Distinct().ToList();
        // Keyed either way round: a list searched per named death made a batch of deaths alike to a crowd quadratic.
        var existing = new Dictionary<(Guid, Guid), LinkCandidate>();
        foreach (var chunk in ids.Chunk(500))
            foreach (var c in await db.Candidates().Where(c => chunk.Contains(c.NewerCaseId) && ids.Contains(c.EarlierCaseId)).ToListAsync(ct))
                existing.TryAdd(Unordered(c.NewerCaseId, c.EarlierCaseId), c);
        foreach (var (a, raise) in pairs.Select(a => (a, true)).Concat(named.Select(a => (a, false))))
            foreach (var e in a.Earlier)
            {
                var row = existing.GetValueOrDefault(Unordered(a.CaseId, e.CaseId));
                var summary = Clip(AlertReasons.Join(a.Signals.Append(e.Summary)));
                if (row is null && raise)
                {
                    row = new LinkCandidate
                    {
                        NewerCaseId = a.CaseId, EarlierCaseId = e.CaseId, Kind = a.Kind, Probability = e.Probability,
                        Summary = summary, Explanation = e.Explanation, RaisedAt = now,
                    };
                    db.Candidates().Add(row);
                    existing[Unordered(a.CaseId, e.CaseId)] = row;
                }
                else if (row is not null && LinkStatus.Undecided(row.Status))
                {
                    // A lapsed pair alike again is open again (ADR 3142).
                    (row.Probability, row.Summary, row.Explanation, row.Kind) = (e.Probability, summary, e.Explanation, a.Kind);
                    row.MoveTo(LinkStatus.Open, now);
                }
            }
        await db.SaveChangesAsync(ct);
    }

    private static (Guid, Guid) Unordered(Guid a, Guid b) => a.CompareTo(b) < 0 ? (a, b) : (b, a);

    internal static string Clip(string s) => s.Length <= 4000 ? s : s[..3997] + "...";
}
