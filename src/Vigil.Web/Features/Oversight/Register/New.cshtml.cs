using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;

namespace Vigil.Web.Features.Oversight.Register;

/// <summary>/reviews/new: a reviewer records a finding against a case or series, with its evidence. Changes no case.</summary>
[Authorize(Policy = Policies.Review)]
public sealed class NewModel(VigilDbContext db, ForceTime time, TimeProvider clock) : PageModel
{
    [BindProperty] public FindingForm Form { get; set; } = new();

    public async Task OnGetAsync(Guid? @case, Guid? series, long? entry, string? line, CancellationToken ct)
    {
        if (@case is { } c) Form.Subject = await db.Cases.Where(x => x.Id == c).Select(x => x.Reference).FirstOrDefaultAsync(ct) ?? "";
        if (series is { } s) Form.Subject = await db.Set<LinkedSeries>().Where(x => x.Id == s).Select(x => x.Reference).FirstOrDefaultAsync(ct) ?? "";
        Form.Evidence = string.Join("\n", new[] { entry is { } e ? $"#{e}" : null, line }.OfType<string>());
        Form.ResponseDue = DateOnly.FromDateTime(time.ToLocal(clock.GetUtcNow().UtcDateTime).AddDays(28));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!FindingSeverity.All.Contains(Form.Severity)) ModelState.AddModelError("Form.Severity", "Choose a severity.");
        // An empty field binds as null: its Required message is already in the model state, and the look-up finds nothing.
        var subject = (Form.Subject ?? "").Trim();
        var caseId = await db.Cases.Where(c => c.Reference == subject).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        var seriesId = caseId is null ? await db.Set<LinkedSeries>().Where(s => s.Reference == subject).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct) : null;
        if (subject.Length > 0 && caseId is null && seriesId is null) ModelState.AddModelError("Form.Subject", $"No case or linked series has the reference \"{subject}\".");
        var evidence = FindingEvidenceLines.Parse(Form.Evidence);
        var sequences = evidence.Where(e => e.AuditSequence is not null).Select(e => e.AuditSequence!.Value).ToList();
        var known = await db.AuditEntries.Where(e => sequences.Contains(e.Sequence)).Select(e => e.Sequence).ToListAsync(ct);
        foreach (var missing in sequences.Except(known)) ModelState.AddModelError("Form.Evidence", $"There is no audit entry #{missing}.");
        if (!ModelState.IsValid) return Page();
        var now = clock.GetUtcNow().UtcDateTime;
        var finding = new ReviewFinding
        {
            Reference = string.Create(CultureInfo.InvariantCulture, $"RF-{now:yyyy}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(3))}"),
            SubjectCaseId = caseId, SubjectSeriesId = seriesId, Title = Form.Title.Trim(), Detail = Form.Detail.Trim(), Severity = Form.Severity,
            Recommendation = string.IsNullOrWhiteSpace(Form.Recommendation) ? null : Form.Recommendation.Trim(),
            RaisedBy = User.Identity?.Name ?? "", RaisedAt = now,
            ResponseDueAt = Form.ResponseDue is { } due ? time.ToUtc(due.ToDateTime(new TimeOnly(17, 0))) : null,
            Evidence = evidence,
        };
        db.Add(finding);
        await db.SaveChangesAsync(ct);
        return Redirect($"/reviews/{finding.Id}");
    }
}

public sealed class FindingForm
{
    [Required(ErrorMessage = "Name the case or linked series (its reference).")] public string Subject { get; set; } = "";
    [Required(ErrorMessage = "Give the finding a title."), StringLength(300)] public string Title { get; set; } = "";
    public string Severity { get; set; } = FindingSeverity.Medium;
    [Required(ErrorMessage = "Describe the finding."), StringLength(8000)] public string Detail { get; set; } = "";
    [StringLength(4000)] public string? Recommendation { get; set; }
    public DateOnly? ResponseDue { get; set; }
    /// <summary>One per line: "#123 why" for audit entry 123, anything else as a line quoted from a report.</summary>
    /// <summary>Optional: nullable, so MVC does not make it required as it does a non-nullable string.</summary>
    [StringLength(20000)] public string? Evidence { get; set; } = "";
}

public static class FindingEvidenceLines
{
    public static List<FindingEvidence> Parse(string? text) => (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(line =>
        {
            var number = line.StartsWith('#') ? new string(line[1..].TakeWhile(char.IsAsciiDigit).ToArray()) : "";
            return number.Length > 0 && long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                ? new FindingEvidence { AuditSequence = sequence, Note = line[(1 + number.Length)..].Trim() is { Length: > 0 } note ? note : null }
                : new FindingEvidence { ReportLine = line.Length > 2000 ? line[..2000] : line };
        }).ToList();
}
