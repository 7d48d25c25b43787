using Vigil.Web.Features.Enquiries;
using Vigil.Web.Features.Enquiries.Exhibits;

namespace Vigil.Web.Features.Demo;

/// <summary>Post-mortem and toxicology results on a few of the demo's drug deaths (round 66: the demo recorded none, so a
/// reviewer walking it never saw the custody panel's results, their late-result actions or a correction). The case's
/// officer in charge records the post-mortem two days after the death is reported and the toxicology twelve days after;
/// on the first such death the toxicology's level is typed ten times too high and corrected the next day from the
/// laboratory's report, so the case page shows the earlier result struck through with who corrected it and why (ADR
/// 3368). The series' deaths are left as the story has them. Each result goes through the commands the page uses.</summary>
public static class DemoExaminations
{
    public const int Deaths = 3;

    /// <summary>The story's steps for <see cref="Deaths"/> deaths with toxicology findings, outside the series, earliest first.</summary>
    public static IEnumerable<(DateTime At, Func<AsyncServiceScope, Task> Step)> Steps(IReadOnlyList<DeathRecord> records, IReadOnlyCollection<string> series, CancellationToken ct)
    {
        var examined = records.Where(r => r.Toxicology is { Count: > 0 } && r.Ref is not null && !series.Contains(r.Deceased?.Name ?? ""))
            .OrderBy(r => r.FoundAt).Take(Deaths).ToList();
        for (var i = 0; i < examined.Count; i++)
        {
            var r = examined[i];
            var reported = (r.ReportedAt ?? r.FoundAt).UtcDateTime;
            var found = r.Toxicology![0];
            var level = found.ConcentrationMgL?.ToString(CultureInfo.InvariantCulture) ?? "a level not stated";
            yield return (reported.AddDays(2), s => RecordAsync(s, r.Ref!, ExaminationKinds.PostMortem,
                $"Cause of death: {r.CauseOfDeath ?? "not ascertained"}. No injuries suggesting a third party; toxicology awaited.", ct));
            if (i > 0)
            {
                yield return (reported.AddDays(12), s => RecordAsync(s, r.Ref!, ExaminationKinds.Toxicology, $"{Capital(found.Substance)} {level} mg/L in femoral blood.", ct));
                continue;
            }
            // The slip a correction is for: a level typed ten times too high, then put right from the report.
            var typed = found.ConcentrationMgL is { } l ? Math.Round(l * 10, 2).ToString(CultureInfo.InvariantCulture) : level;
            yield return (reported.AddDays(12), s => RecordAsync(s, r.Ref!, ExaminationKinds.Toxicology, $"{Capital(found.Substance)} {typed} mg/L in femoral blood.", ct));
            yield return (reported.AddDays(13), s => CorrectAsync(s, r.Ref!, $"{Capital(found.Substance)} {level} mg/L in femoral blood.",
                $"Typing slip: the laboratory's report reads {level} mg/L, not {typed}.", ct));
        }
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static async Task RecordAsync(AsyncServiceScope scope, string reference, string kind, string summary, CancellationToken ct)
    {
        var (c, by) = await CaseAndLeadAsync(scope, reference, ct);
        var (refused, _) = await scope.ServiceProvider.GetRequiredService<CustodyCommands>().RecordExaminationAsync(c.Id, new NewExamination(kind, summary, null), by, ct);
        if (refused is not null) throw new InvalidOperationException($"The demo could not record a {kind} result on {c.Reference}: {refused.Title} {refused.Detail}");
    }

    private static async Task CorrectAsync(AsyncServiceScope scope, string reference, string summary, string reason, CancellationToken ct)
    {
        var (c, by) = await CaseAndLeadAsync(scope, reference, ct);
        var corrector = scope.ServiceProvider.GetRequiredService<ExaminationCorrector>();
        var standing = (await corrector.HistoryAsync(c.Id, ct)).Last(x => x.Kind == ExaminationKinds.Toxicology && x.SupersededAt is null);
        var before = (await corrector.FindAsync(c.Id, standing.Id, ct))!;
        var (refused, _, _) = await corrector.CorrectAsync(c, before, new ExaminationCorrection(null, summary, null, reason, false), by, ct);
        if (refused is not null) throw new InvalidOperationException($"The demo could not correct the toxicology result on {c.Reference}: {refused.Title} {refused.Detail}");
    }

    /// <summary>The case (tracked, with its findings) and its officer in charge, who records the result under her own name.</summary>
    private static async Task<(DeathCase Case, Officer By)> CaseAndLeadAsync(AsyncServiceScope scope, string reference, CancellationToken ct)
    {
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var c = await db.Cases.Include(x => x.Toxicology).Include(x => x.OfficerInCharge).FirstOrDefaultAsync(x => x.SourceRef == reference, ct)
            ?? throw new InvalidOperationException($"The demo found no case for {reference} to record its results on.");
        var lead = c.OfficerInCharge ?? throw new InvalidOperationException($"The demo's case {c.Reference} has no officer in charge to record its results.");
        scope.ServiceProvider.GetRequiredService<DemoActor>().Name = $"user:{lead.Id}:{lead.UserName}";
        return (c, new Officer(lead.UserName!, false));
    }
}
