namespace Vigil.Web.Features.Enquiries.Exhibits;

/// <summary>An exhibit's chain of custody and forensic submissions as /api/v1 shows them: records of their own, not the
/// EF entities, so a column added to the store reaches clients only when this contract says so (ADR 3182).</summary>
public sealed record CustodyDto(
    string Reference, bool? Tested,
    List<ExhibitMovementResponse> Movements, List<ForensicSubmissionResponse> Submissions);

/// <summary>An exhibit as the case's exhibit list shows it: its id names it to the custody routes.</summary>
public sealed record ExhibitDto(Guid Id, string Reference, string Type, string? Description, bool? Tested)
{
    public static ExhibitDto Of(Exhibit e) => new(e.Id, e.Reference, e.Type, e.Description, e.Tested);
}

/// <summary>One step in the chain of custody, every member the entity carried.</summary>
public sealed record ExhibitMovementResponse(
    Guid Id, Guid CaseId, Guid ExhibitId,
    DateTime MovedAt, DateTime RecordedAt,
    string MovedBy, string From, string To, string Reason,
    string? SealNumber, string RecordedBy)
{
    public static ExhibitMovementResponse Of(ExhibitMovement m) =>
        new(m.Id, m.CaseId, m.ExhibitId, m.MovedAt, m.RecordedAt, m.MovedBy, m.From, m.To, m.Reason, m.SealNumber, m.RecordedBy);
}

/// <summary>An exhibit sent to a laboratory and what came back, every member the entity carried.</summary>
public sealed record ForensicSubmissionResponse(
    Guid Id, Guid CaseId, Guid ExhibitId,
    string Laboratory, string Examination,
    DateTime SubmittedAt, string SubmittedBy,
    string? Result, DateTime? ResultAt, string? ResultRecordedBy)
{
    public static ForensicSubmissionResponse Of(ForensicSubmission s) =>
        new(s.Id, s.CaseId, s.ExhibitId, s.Laboratory, s.Examination, s.SubmittedAt, s.SubmittedBy, s.Result, s.ResultAt, s.ResultRecordedBy);
}
