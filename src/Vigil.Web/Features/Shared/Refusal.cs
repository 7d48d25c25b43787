namespace Vigil.Web.Features.Shared;

/// <summary>Why a command was not carried out, with the HTTP status the API answers (pages show the title).
/// 400: the request is incomplete; 403: this officer may not; 409: the case's state does not allow it yet.</summary>
public sealed record Refusal(int Status, string Title, string? Detail = null)
{
    public static Refusal Invalid(string title, string? detail = null) => new(StatusCodes.Status400BadRequest, title, detail);
    public static Refusal Forbidden(string title) => new(StatusCodes.Status403Forbidden, title);
    public static Refusal Conflict(string title, string? detail = null) => new(StatusCodes.Status409Conflict, title, detail);

    public Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult ToProblem() => TypedResults.Problem(statusCode: Status, title: Title, detail: Detail);

    public static readonly Refusal NotFound = new(StatusCodes.Status404NotFound, "Not found");
}

/// <summary>Refusals on Razor Pages: a field's refusal beside the field, any other in the page's summary.</summary>
public static class RefusalModelState
{
    public static void AddRefusal(this Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state, Refusal refused, string? field = null) =>
        state.AddModelError(field ?? "", refused.Detail is null ? refused.Title : $"{refused.Title} {refused.Detail}");
}

/// <summary>A <see cref="Refusal"/> thrown where a result cannot be handed back (a service shared by pages and the
/// CLI, a gate deep inside a save). Mapped once: the API answers its status as a problem document
/// (Hosting/ErrorHandling), pages show it beside <see cref="Field"/> (null: the form as a whole), the CLI prints it.</summary>
public class RefusedException(Refusal refusal, string? field = null)
    : Exception(refusal.Detail is null ? refusal.Title : $"{refusal.Title} {refusal.Detail}")
{
    public Refusal Refusal { get; } = refusal;
    public string? Field { get; } = field;
}
