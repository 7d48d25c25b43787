namespace Vigil.Web.Features.Enquiries;

/// <summary>Case scope for the enquiries endpoints and pages, through <see cref="CaseAccess"/>: out of scope is 404,
/// in scope but read-only (analysts, reviewers, another team's supervisor without a grant) is 403.</summary>
public static class CaseGuard
{
    public static async Task<(DeathCase? Case, Refusal? Refused)> ReadableAsync(CaseAccess access, Guid id, CancellationToken ct) =>
        await CaseApi.LoadAsync(access, id, ct) is { } c ? (c, null) : (null, Refusal.NotFound);

    public static async Task<(DeathCase? Case, Refusal? Refused)> EditableAsync(CaseAccess access, Guid id, CancellationToken ct) =>
        await EditableOf(access, await ReadableAsync(access, id, ct), ct);

    /// <summary>As <see cref="ReadableAsync"/>, for endpoints that need the case's own row only (its id and team), not
    /// its people, exhibits, toxicology and timeline: one statement instead of five (the action routes, ADR 2134).</summary>
    public static async Task<(DeathCase? Case, Refusal? Refused)> ReadableRowAsync(CaseAccess access, Guid id, CancellationToken ct) =>
        await access.FindReadableAsync(id, ct) is { } c ? (c, null) : (null, Refusal.NotFound);

    public static async Task<(DeathCase? Case, Refusal? Refused)> EditableRowAsync(CaseAccess access, Guid id, CancellationToken ct) =>
        await EditableOf(access, await ReadableRowAsync(access, id, ct), ct);

    private static async Task<(DeathCase? Case, Refusal? Refused)> EditableOf(CaseAccess access, (DeathCase? Case, Refusal? Refused) read, CancellationToken ct)
    {
        if (read.Case is not { } c) return read;
        return await access.CanEditAsync(c, ct) ? (c, null) : (null, Refusal.Forbidden("You can read this case but not change it."));
    }
}
