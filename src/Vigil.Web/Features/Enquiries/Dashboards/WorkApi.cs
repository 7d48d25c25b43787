using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Features.Enquiries.Reviews;

namespace Vigil.Web.Features.Enquiries.Dashboards;

public sealed record OutcomeRequest([property: NotBlank] string Outcome);

/// <summary>/api/v1/enquiries: the supervisor's counts and lists, an officer's own work; case reviews.</summary>
public static class WorkApi
{
    public static RouteGroupBuilder MapWorkApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/enquiries").WithTags("Enquiries");
        g.MapGet("/dashboard", async (CaseAccess access, WorkLists lists, CancellationToken ct) =>
            TypedResults.Ok((await lists.CountsAsync(await access.VisibleAsync(ct), flagsStopAt: null, ct)).Lists)).WithName("EnquiryDashboard").RequireAuthorization(Policies.Supervise);
        g.MapGet("/lists/{list}", ListAsync).WithName("EnquiryList").RequireAuthorization(Policies.Supervise);
        g.MapGet("/my-work", async (int? page, int? size, CaseAccess access, WorkLists lists, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var mine = await lists.MineAsync(Officer.From(http.User).UserName, await access.VisibleAsync(ct), page, size, ct);
            PageLinks.AddHeaders(http, mine);
            return TypedResults.Ok(mine.Items.Select(a => ActionDto.From(a, now)).ToList());
        }).WithName("MyWork").RequireAuthorization(Policies.EditCases);
        var reviews = api.MapGroup("/cases/{id:guid}/reviews").WithTags("Reviews");
        reviews.MapGet("/", ReviewsAsync).WithName("ListReviews").RequireAuthorization(Policies.ReadCases);
        reviews.MapPost("/{reviewId:guid}/outcome", OutcomeAsync).WithName("CompleteReview").RequireAuthorization(Policies.Supervise);
        return api;
    }

    /// <summary>One page of a list (?page=, ?size= up to 500); Link rel="next"/"prev" and X-Total-Count say where the rest is.</summary>
    private static async Task<Results<Ok<IReadOnlyList<WorkItem>>, ProblemHttpResult>> ListAsync(string list, int? page, int? size, CaseAccess access,
        WorkLists lists, HttpContext http, CancellationToken ct)
    {
        if (!WorkLists.All.Any(l => l.Id == list)) return Refusal.NotFound.ToProblem();
        var items = await lists.PageAsync(list, await access.VisibleAsync(ct), page, size, ct);
        PageLinks.AddHeaders(http, items);
        return TypedResults.Ok(items.Items);
    }

    private static async Task<Results<Ok<List<CaseReviewResponse>>, ProblemHttpResult>> ReviewsAsync(Guid id, CaseAccess access, ReviewCommands reviews, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.ReadableAsync(access, id, ct);
        return c is null ? refused!.ToProblem() : TypedResults.Ok(await reviews.ForCaseAsync(c.Id, ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> OutcomeAsync(Guid id, Guid reviewId, OutcomeRequest r, CaseAccess access, ReviewCommands reviews, HttpContext http, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.EditableAsync(access, id, ct);
        if (c is null) return refused!.ToProblem();
        var why = await reviews.CompleteAsync(c.Id, reviewId, r.Outcome ?? "", Officer.From(http.User), ct);
        return why is null ? TypedResults.NoContent() : why.ToProblem();
    }
}
