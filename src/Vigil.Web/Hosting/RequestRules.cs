using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Vigil.Web.Hosting;

/// <summary>Text that must be there and say something: not missing, not null, not only spaces. The OpenAPI document
/// states it as <c>required</c>, <c>minLength: 1</c> and <c>pattern: \S</c> (ADR 1461).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class NotBlankAttribute : ValidationAttribute
{
    public NotBlankAttribute() : base("Give {0}: it cannot be empty.") { }

    public override bool IsValid(object? value) => value is string s && !string.IsNullOrWhiteSpace(s);
}

/// <summary>One of a closed list that the code already keeps (e.g. <c>ExaminationKinds.All</c>): the rule and the
/// document's <c>enum</c> read the same list, so they cannot drift. Null passes (absent means "not given"); pair
/// with <see cref="NotBlankAttribute"/> when the value is required.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class OneOfAttribute(Type holder, string member) : ValidationAttribute("{0} must be one of: {1}.")
{
    public IReadOnlyList<string> Values { get; } = ((IEnumerable)(holder.GetField(member, BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
        ?? holder.GetProperty(member, BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
        ?? throw new ArgumentException($"{holder.Name}.{member} is not a public static list"))).Cast<string>().ToList();

    public override bool IsValid(object? value) => value is null || (value is string s && Values.Contains(s, StringComparer.Ordinal));

    public override string FormatErrorMessage(string name) => string.Format(System.Globalization.CultureInfo.InvariantCulture, ErrorMessageString, name, string.Join(", ", Values));
}

/// <summary>Holds a JSON request body to the DataAnnotations on its type before the handler runs: 400 validation
/// problem naming each field by its JSON name. The same attributes write the OpenAPI document
/// (<see cref="RequestRuleSchemas"/>), so what the document says a body must be is what is checked here.</summary>
public sealed class RequestRuleFilter : IEndpointFilter
{
    public const string Title = "One or more values in the request are not valid";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var bodyType = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (bodyType?.Namespace?.StartsWith("Vigil", StringComparison.Ordinal) == true
            && context.Arguments.FirstOrDefault(a => a is not null && bodyType.IsInstanceOfType(a)) is { } body
            && Broken(body) is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(errors, detail: string.Join(" ", errors.SelectMany(e => e.Value)), title: Title);
        return await next(context);
    }

    /// <summary>Each broken rule of the body's own members, keyed by the member's JSON name.</summary>
    public static Dictionary<string, string[]> Broken(object body)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(body, new ValidationContext(body), results, validateAllProperties: true);
        var names = body.GetType().GetProperties().ToDictionary(p => p.Name, FreeTextFilter.JsonName);
        return results.GroupBy(r => r.MemberNames.FirstOrDefault() is { } m && names.TryGetValue(m, out var json) ? json : "body")
            .ToDictionary(g => g.Key, g => g.Select(r => Rename(r.ErrorMessage ?? "Not valid.", r.MemberNames, names)).ToArray());
    }

    /// <summary>The messages name the member as the client wrote it (moved_by), not as C# spells it (MovedBy).</summary>
    private static string Rename(string message, IEnumerable<string> members, Dictionary<string, string> names) =>
        members.Aggregate(message, (m, member) => names.TryGetValue(member, out var json) ? m.Replace(member, json, StringComparison.Ordinal) : m);
}
