namespace Vigil.Web.Features.Enquiries;

/// <summary>Actions raised and done, exhibit movements and submissions, results, decisions and reviews on the case timeline.</summary>
public sealed class EnquiryTimeline(CaseEnquiryRecords records) : ITimelineSource
{
    public async Task<IEnumerable<TimelineItem>> ItemsAsync(VigilDbContext db, DeathCase c, CancellationToken ct)
    {
        var items = new List<TimelineItem>();
        foreach (var a in await records.ActionsAsync(c.Id, ct))
        {
            items.Add(new(a.RaisedAt, "action-raised", $"A{a.Number} raised: {a.Title}{(a.Mandatory ? " (mandatory)" : "")}", a.RaisedBy));
            if (a.AllocatedAt is { } al) items.Add(new(al, "action-allocated", $"A{a.Number} allocated", To: a.AllocatedTo));
            if (a.ResultAt is { } r) items.Add(new(r, "action-result", $"A{a.Number} result submitted", a.ResultBy));
            if (a.ReviewedAt is { } rv) items.Add(new(rv, "action-reviewed", $"A{a.Number} result reviewed", a.ReviewedBy));
            if (a.ClosedAt is { } cl) items.Add(new(cl, "action-" + a.Status, $"A{a.Number} {a.Status}{(a.NotPursuedReason is { } why ? ": " + why : "")}", a.ClosedBy));
        }
        var exhibits = c.Exhibits.ToDictionary(e => e.Id, e => e.Reference);
        foreach (var m in await records.MovementsAsync(c.Id, ct))
            items.Add(new(m.MovedAt, "exhibit-moved", $"{exhibits.GetValueOrDefault(m.ExhibitId)} moved from {m.From} to {m.To} ({m.Reason}){(m.SealNumber is { } s ? $", seal {s}" : "")}", m.MovedBy));
        foreach (var s in await records.SubmissionsAsync(c.Id, ct))
        {
            items.Add(new(s.SubmittedAt, "exhibit-submitted", $"{exhibits.GetValueOrDefault(s.ExhibitId)} submitted to {s.Laboratory}: {s.Examination}", s.SubmittedBy));
            if (s.ResultAt is { } at) items.Add(new(at, "exhibit-result", $"{exhibits.GetValueOrDefault(s.ExhibitId)} result: {s.Result}", s.ResultRecordedBy));
        }
        foreach (var r in await records.ExaminationsAsync(c.Id, ct))
            items.Add(new(r.ReceivedAt, r.Kind + "-result", r.Summary, r.RecordedBy));
        foreach (var d in await records.DecisionsAsync(c.Id, ct))
            items.Add(new(d.At, "decision", $"D{d.Sequence} {Shared.Words.Of(d.Kind)}{(d.ToCategory is { } to ? $" → {CaseClassification.Describe(to)}" : "")}: {d.Rationale}", d.DecidedBy));
        foreach (var r in (await records.ReviewsAsync(c.Id, ct)).Where(r => r.CompletedAt is not null))
            items.Add(new(r.CompletedAt!.Value, "review", $"{r.Label} review: {r.Outcome}", r.CompletedBy));
        return items;
    }
}
