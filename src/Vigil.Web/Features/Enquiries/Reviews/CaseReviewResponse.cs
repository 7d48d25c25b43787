namespace Vigil.Web.Features.Enquiries.Reviews;

/// <summary>A case review as GET /api/v1/cases/{id}/reviews shows it: the members the entity carried, less the due-event
/// sweep's bookkeeping (NoticedDueAt, ADR 1633), which no client has a use for (ADR 3182).</summary>
public sealed record CaseReviewResponse(
    Guid Id, Guid CaseId,
    string Label, DateTime DueAt,
    DateTime? CompletedAt, string? CompletedBy,
    string? Outcome);
