namespace Vigil.Web.Features.Enquiries.Exhibits;

/// <summary>A correction of a post-mortem or toxicology result (ADR 3368): the result as it should read, or its withdrawal
/// (filed to the wrong case, ADR 3370), and why. <paramref name="Substances"/>, for a toxicology result, is the case's
/// toxicology findings as corrected (the substances linkage compares, ADR 3369); null leaves them as they are.</summary>
public sealed record ExaminationCorrection(
    string? Kind, string? Summary, DateTime? ReceivedAt, string? Reason, bool Withdraw, IReadOnlyList<RecordToxicology>? Substances = null);

/// <summary>The rules of a correction, apart from the records they read. Pure.</summary>
public static class ExaminationCorrectionRules
{
    public const string ReasonMissing = "Say why the result is corrected or withdrawn: the case's history shows it beside the earlier result.";

    /// <summary>A substance given with no name: the API asks it of the body before looking up the result it names, as
    /// the OpenAPI document states the rule of the body (<c>RequestContractTests</c>).</summary>
    public static Refusal? UnnamedSubstance(ExaminationCorrection r) =>
        r.Substances?.Any(s => string.IsNullOrWhiteSpace(s.Substance)) == true ? Refusal.Invalid("Name every substance.") : null;

    /// <summary>Why the correction cannot be made, or null. A superseded result is refused as a conflict: the officer
    /// corrected what someone else already had, and reads the newer result first.</summary>
    public static Refusal? Check(ExaminationResult before, ExaminationCorrection r, IEnumerable<ToxicologyResult> caseFindings, DateTime now)
    {
        if (before.SupersededAt is { } at)
            return Refusal.Conflict("This result has already been corrected or withdrawn.",
                $"It was superseded on {at:yyyy-MM-dd HH:mm} UTC by {before.SupersededBy}: read the case again and correct the result that stands.");
        if (string.IsNullOrWhiteSpace(r.Reason)) return Refusal.Invalid(ReasonMissing);
        if (r.Withdraw) return r.Substances is null ? null : Refusal.Invalid("A withdrawn result changes no substance: withdraw it, or correct it with its substances.");
        var kind = r.Kind ?? before.Kind;
        if (!ExaminationKinds.All.Contains(kind)) return Refusal.Invalid($"Kind must be one of {string.Join(", ", ExaminationKinds.All)}.");
        if (string.IsNullOrWhiteSpace(r.Summary)) return Refusal.Invalid("Write the result as it should read (e.g. cause of death, substances found).");
        if (r.ReceivedAt > now) return Refusal.Invalid("A result cannot be received in the future.", $"received_at {r.ReceivedAt:O} is after now ({now:O}).");
        if (r.Substances is not null && kind != ExaminationKinds.Toxicology) return Refusal.Invalid("Only a toxicology result carries substances.");
        if (UnnamedSubstance(r) is { } unnamed) return unnamed;
        return ChangesFinding(before, r, caseFindings) || (r.ReceivedAt is { } d && d != before.ReceivedAt) ? null
            : Refusal.Invalid("The correction reads as the result does: change the result, its date or its substances, or withdraw it.");
    }

    /// <summary>Whether the correction changes what the result says (its kind, its words, or the substances found), not
    /// only its date: such a correction after a decision or a closure is new information, as a late result is (ADR
    /// 3356). A withdrawal always is: the decision was taken with a result the case no longer has.</summary>
    public static bool ChangesFinding(ExaminationResult before, ExaminationCorrection r, IEnumerable<ToxicologyResult> caseFindings) =>
        r.Withdraw || (r.Kind ?? before.Kind) != before.Kind || Words(r.Summary) != Words(before.Summary) || ChangesSubstances(r, caseFindings);

    /// <summary>Whether the substances given differ from the case's findings, compared as sets (the store keeps no order).</summary>
    public static bool ChangesSubstances(ExaminationCorrection r, IEnumerable<ToxicologyResult> caseFindings) =>
        r.Substances is { } given && !Findings(given.Select(s => (s.Substance, s.ConcentrationMgL))).SetEquals(Findings(caseFindings.Select(t => (t.Substance, t.ConcentrationMgL))));

    private static HashSet<string> Findings(IEnumerable<(string Substance, double? MgL)> rows) =>
        rows.Select(t => $"{t.Substance.Trim().ToLowerInvariant()}|{t.MgL?.ToString(CultureInfo.InvariantCulture)}").ToHashSet(StringComparer.Ordinal);

    /// <summary>A correction that only re-spaces the words changes nothing the result says.</summary>
    private static string Words(string? text) => string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The case's toxicology findings as the correction form shows them: "substance, mg/L" a line.</summary>
    public static string SubstanceLines(IEnumerable<ToxicologyResult> findings) =>
        string.Join('\n', findings.Select(t => t.ConcentrationMgL is { } l ? $"{t.Substance}, {l.ToString(CultureInfo.InvariantCulture)}" : t.Substance));

    /// <summary>The form's lines back to findings: "substance, mg/L" or "substance"; "none" for none found; blank leaves
    /// the findings as they are (null). A level that does not read as a number is kept in the substance's name, where
    /// the officer sees it, rather than dropped.</summary>
    public static List<RecordToxicology>? ParseSubstances(string? lines)
    {
        if (string.IsNullOrWhiteSpace(lines)) return null;
        if (lines.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) return [];
        return [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
        {
            var comma = line.LastIndexOf(',');
            return comma > 0 && double.TryParse(line[(comma + 1)..].Replace("mg/L", "", StringComparison.OrdinalIgnoreCase).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var level)
                ? new RecordToxicology { Substance = line[..comma].Trim(), ConcentrationMgL = level }
                : new RecordToxicology { Substance = line };
        })];
    }

    /// <summary>The results that stand: superseded ones stay on record, in the history, but no gate or count reads them.</summary>
    public static IEnumerable<ExaminationResult> Standing(IEnumerable<ExaminationResult> all) => all.Where(x => x.SupersededAt is null);

    /// <summary>How the history speaks of a superseded result: "superseded on … by …: reason" or "withdrawn on … by …: reason".</summary>
    public static bool IsWithdrawn(ExaminationResult x, IEnumerable<ExaminationResult> all) =>
        x.SupersededAt is not null && !all.Any(n => n.CorrectsId == x.Id);
}
