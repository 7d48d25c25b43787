using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Features.Oversight.AsKnown;

namespace Vigil.Web.Features.Oversight.Reports;

/// <summary>The case file as a document, from a case rebuilt at a moment: "now" for the case file (equal to the
/// stored record, as tested), or any earlier moment for the "as known on" report, marked as such on page one. Said as
/// the as-known page says it (ADR 3252): codes in words, officers by name (<see cref="CaseSnapshot.Names"/>).</summary>
public static class CaseFileBuilder
{
    /// <param name="viewers">Who viewed the case, with their names (<see cref="Audit.AuditActor.OfEntriesAsync"/>), said as
    /// the as-known page says them.</param>
    public static List<PdfBlock> Blocks(CaseSnapshot s, string? team, string? series, bool asKnown, ForceTime time, Audit.SaidActors viewers)
    {
        var c = s.Case!;
        var blocks = new List<PdfBlock> { new PdfHeading($"{c.Reference} — {c.Deceased.Name ?? "name not recorded"}") };
        if (asKnown)
            blocks.Add(new PdfParagraph($"AS KNOWN ON {time.Show(s.At)} — rebuilt from the audit trail alone (entries up to #{s.Sequence}); not the case as it stands now.", Boxed: true));
        blocks.Add(new PdfParagraph($"{CaseClassification.Describe(c.Classification)} · Team {team} · Version {c.Version}"));
        blocks.Add(new PdfHeading("The death", 2));
        blocks.Add(new PdfFacts(
        [
            ("Deceased", $"{c.Deceased.Name ?? "not recorded"}, {Words.Of(c.Deceased.Sex, "sex not recorded")}, {c.Deceased.Age?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "age not recorded"}"),
            ("Occupation / home area", $"{c.Deceased.Occupation ?? "not recorded"} / {c.Deceased.HomeArea ?? "not recorded"}"),
            ("Found", time.Show(c.FoundAt)), ("Reported", time.Show(c.ReportedAt)),
            ("Where", DeathPlace.Where(c)),
            ("Position", Words.Of(c.Position, "not recorded")),
            ("Scene features", c.SceneFeatureList.Count == 0 ? "none recorded" : Words.List(c.SceneFeatureList)),
            ("Cause / manner", $"{c.CauseOfDeath ?? "not recorded"} / {Words.Of(c.Manner, "not recorded")}"),
            ("Toxicology", c.Toxicology.Count == 0 ? "no results recorded" : string.Join("; ", c.Toxicology.Select(t => $"{t.Substance} {t.ConcentrationMgL} mg/L"))),
            ("Source", $"{c.Source} / {c.SourceRef}"),
        ]));
        blocks.Add(new PdfParagraph(c.Narrative ?? "No narrative recorded."));
        blocks.Add(new PdfHeading("People", 2));
        blocks.Add(c.People.Count == 0 ? new PdfParagraph("No people recorded.") : new PdfTable(["Role", "Name as written", "Phone", "Other deaths"], [2, 3, 2, 2],
            c.People.Select(p => (IReadOnlyList<string>)[Words.Capitalised(p.Role), p.NameAsWritten ?? "", p.PhoneAsWritten ?? "", s.OtherDeaths.GetValueOrDefault(p.PersonId) is > 0 and var n ? $"{n}" : "—"]).ToList(),
            Rows(c.People, p => s.OtherDeaths.GetValueOrDefault(p.PersonId) > 0)));
        blocks.Add(new PdfHeading("Exhibits", 2));
        blocks.Add(c.Exhibits.Count == 0 ? new PdfParagraph("No exhibits recorded.") : new PdfTable(["Reference", "Type", "Description", "Tested", "Where"], [3, 2, 4, 2, 2],
            c.Exhibits.Select(e => (IReadOnlyList<string>)[e.Reference, Words.Capitalised(e.Type), e.Description ?? "", e.Tested switch { true => "yes", false => "NOT TESTED", null => "not recorded" }, s.WhereIs(e.Id) ?? "—"]).ToList(),
            Rows(c.Exhibits, e => e.Tested != true)));
        blocks.Add(new PdfHeading("Red flags", 2));
        blocks.Add(s.Flags.Count == 0 ? new PdfParagraph("None.") : new PdfList(s.Flags.Select(f => f.Title).ToList()));
        blocks.Add(new PdfHeading("Actions", 2));
        blocks.Add(s.Actions.Count == 0 ? new PdfParagraph("No actions raised.") : new PdfTable(["No.", "Action", "Status", "Due", "Officer"], [1, 6, 2, 3, 2],
            s.Actions.Select(a => (IReadOnlyList<string>)[a.Label, $"{a.Title}{(a.Mandatory ? " (mandatory)" : "")}{(a.Result is null ? "" : $" — result: {a.Result}")}", Words.Of(a.Status), time.Show(a.DueAt), s.NameOf(a.AllocatedTo)]).ToList(),
            Rows(s.Actions, a => ActionWorkflow.IsOverdue(a, s.At))));
        blocks.Add(new PdfHeading("Decisions", 2));
        blocks.Add(s.Decisions.Count == 0 ? new PdfParagraph("No decisions recorded.") : new PdfList(s.Decisions.Select(d => $"{time.Show(d.At)} {s.Said(d)}").ToList()));
        blocks.Add(new PdfHeading("Linked deaths", 2));
        blocks.Add(new PdfParagraph(series is null ? "Not in a linked series." : $"In linked series {series}."));
        if (s.Candidates.Count > 0)
            blocks.Add(new PdfTable(["Raised", "Probability", "Status", "Decision"], [3, 2, 2, 6],
                s.Candidates.Select(k => (IReadOnlyList<string>)[time.Show(k.RaisedAt), k.Probability.ToString("P1", System.Globalization.CultureInfo.InvariantCulture), k.Status,
                    s.LinkDecisions.LastOrDefault(d => d.CandidateId == k.Id) is { } d ? $"{(d.Confirmed ? "confirmed" : "rejected")} {time.Show(d.DecidedAt)}: {d.Reason}" : "—"]).ToList(),
                Rows(s.Candidates, k => k.Status == LinkStatus.Open)));
        if (s.Family is { } family)
        {
            blocks.Add(new PdfHeading("Family liaison", 2));
            blocks.Add(new PdfList([.. family.Officers.Select(o => $"FLO {o.OfficerName} deployed {time.Show(o.DeployedAt)}"),
                .. family.Questions.Select(q => $"Question {time.Show(q.AskedAt)}: {q.Text} — {(q.AnsweredAt is { } a ? $"answered {time.Show(a)}" : "UNANSWERED")}"),
                .. family.Contacts.Select(x => $"Contact {time.Show(x.At)} {x.Method} by {s.NameOf(x.By)}")]));
        }
        blocks.Add(new PdfHeading("Timeline", 2));
        blocks.Add(new PdfList([$"{time.Show(c.FoundAt)} found", .. c.ReportedAt is { } r ? new[] { $"{time.Show(r)} reported" } : [],
            .. c.Timeline.OrderBy(e => e.OccurredAt).Select(e => $"{time.Show(e.OccurredAt)} {e.Kind}: {e.Description}{(e.RecordedBy is null ? "" : $" ({s.NameOf(e.RecordedBy)})")}")]));
        if (s.Viewings.Count > 0)
        {
            blocks.Add(new PdfHeading("Who had looked at the case", 2));
            blocks.Add(new PdfList(s.Viewings.GroupBy(v => viewers.Say(v.Actor)).Select(g => $"{g.Key}: {Plural.Count(g.Count(), "time", "times")}, first {time.Show(g.Min(v => v.At))}").ToList()));
        }
        return blocks;
    }

    private static HashSet<int> Rows<T>(IEnumerable<T> items, Func<T, bool> flagged) =>
        items.Select((x, i) => (x, i)).Where(p => flagged(p.x)).Select(p => p.i).ToHashSet();
}
