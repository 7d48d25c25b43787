namespace Vigil.Web.Features.Enquiries;

/// <summary>Case scope for the enquiries endpoints and pages, through <see cref="CaseAccess"/>: out of scope is 404,
/// in scope but read-only (analysts, reviewers, another team's supervisor without a grant) is 403.</summary>
public static class CaseGuard
{
    public static async Task<(DeathCase? Case, Refusal? Refused)> ReadableAsync(CaseAccess access, Guid id, CancellationToken ct) =>
        await CaseApi.LoadAsync(access, id, ct) is { } c ? (c, null) : (null, Refusal.NotFound);

    public static async Task<(DeathCase? Case, Refusal? Refused)> EditableAsync(CaseAccess access, Guid id, CancellationToken ct)
    {
        var (c, refused) = await ReadableAsync(access, id, ct);
        if (c is null) return (null, refused);
        return await access.CanEditAsync(c, ct) ? (c, null) : (null, Refusal.Forbidden("You can read this case but not change it."));
    }
}
