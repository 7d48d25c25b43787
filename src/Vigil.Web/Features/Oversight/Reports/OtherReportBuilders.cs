using Vigil.Web.Features.Family.Portal;
using Vigil.Web.Features.Oversight.Missed;

namespace Vigil.Web.Features.Oversight.Reports;

/// <summary>The missed-opportunity report and the family's own report as documents.</summary>
public static class OtherReportBuilders
{
    public static List<PdfBlock> Missed(MissedReport r, ForceTime time)
    {
        var never = r.NeverActedOn.ToList();
        var chronology = r.Chronology.ToList();
        return
        [
            new PdfHeading(r.Title),
            new PdfParagraph($"As the records and the audit trail stand at {time.Show(r.AsOf)}."),
            new PdfHeading("Deaths covered", 2),
            new PdfList(r.Cases.Select(c => $"{c.Reference} {c.Name ?? "name not recorded"}, found {time.Show(c.FoundAt)}").ToList()),
            .. r.HiddenCases > 0 ? [new PdfParagraph($"{Plural.Count(r.HiddenCases, "other death in the series is", "other deaths in the series are")} outside the producer's access and are not reported.")] : Array.Empty<PdfBlock>(),
            .. r.FamilyShown ? Array.Empty<PdfBlock>() : [new PdfParagraph("Family questions and submissions are shown only to family liaison roles.")],
            new PdfHeading($"Signals never acted on ({never.Count})", 2),
            never.Count == 0 ? new PdfParagraph("Every signal had some response.") : new PdfList(never.Select(s => s.Sentence).ToList(), Numbered: true),
            new PdfHeading("Chronology: each signal against what was done", 2),
            new PdfTable(["When", "Death", "Signal and rule", "What was done, when, by whom", "Delay"], [2.4, 2.2, 3.6, 5.2, 1.6],
                chronology.Select(s => (IReadOnlyList<string>)[time.Show(s.RaisedAt), s.CaseReference, $"{s.Title} [{s.Rule}]",
                    s.Kind == SignalKind.Decision ? s.Sentence : s.Responses.Count == 0 ? "NEVER ACTED ON" : string.Join("\n", s.Responses.OrderBy(x => x.At).Select(x => $"{time.Show(x.At)}: {x.Line}")),
                    s.Kind == SignalKind.Decision ? "" : (s.NeverActedOn ? $"{MissedReport.Duration(r.AsOf - s.RaisedAt)}+" : MissedReport.Duration(s.Delay)) + (s.Late(r.AsOf) ? " LATE" : "")]).ToList(),
                chronology.Select((s, i) => (s, i)).Where(p => p.s.NeverActedOn || p.s.Late(r.AsOf)).Select(p => p.i).ToHashSet()),
            new PdfHeading("In words", 2),
            new PdfList(chronology.Select(s => s.Sentence).ToList(), Numbered: true),
        ];
    }

    /// <summary>Only what the family portal shows this family (the disclosure filter, ADR 0302): never the case record,
    /// internal summaries, withheld items or their reasons.</summary>
    public static List<PdfBlock> Family(PortalView v, string deceased, ForceTime time) =>
    [
        new PdfHeading($"For the family of {deceased}"),
        new PdfParagraph("This document holds only what the police have shared with your family."),
        new PdfHeading("Where things stand", 2),
        new PdfParagraph(v.Investigation.Words(time)),
        new PdfParagraph(v.Status),
        new PdfParagraph(v.NextReviewAt is { } review ? $"Next review: {time.Show(review)}" : "No review date set yet."),
        new PdfHeading("Your family liaison officer", 2),
        v.Officers.Count == 0 ? new PdfParagraph("No officer is assigned at the moment.") : new PdfList(v.Officers.Select(o => $"{o.Name}: {o.Contact}").ToList()),
        new PdfHeading("What we have shared with you", 2),
        v.Shared.Count == 0 ? new PdfParagraph("Nothing recorded yet.") : new PdfList(v.Shared.OrderBy(x => x.At).Select(x => $"{time.Show(x.At)}: {x.What}").ToList()),
        new PdfHeading("Your questions", 2),
        v.Questions.Count == 0 ? new PdfParagraph("No questions recorded.") : new PdfList(v.Questions.OrderBy(q => q.AskedAt).Select(q => $"{time.Show(q.AskedAt)}: {q.Text} — {(q.Answer is null ? "not answered yet" : $"answer ({time.Show(q.AnsweredAt)}): {q.Answer}")}").ToList()),
        new PdfHeading("Our contacts with you", 2),
        v.Contacts.Count == 0 ? new PdfParagraph("No contact recorded yet.") : new PdfList(v.Contacts.OrderBy(x => x.At).Select(x => $"{time.Show(x.At)}: {x.Method} with {x.By}").ToList()),
    ];
}
