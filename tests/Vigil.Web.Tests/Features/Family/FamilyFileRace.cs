using System.Net;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>The two sides of a race on a case's family file (ADR 3235, 3246, 3256): two signed-in browsers with the page
/// open, each with the page as it was when opened. By default the case's FLO and a second FLO of her team; the same
/// officer twice stands for two tabs.</summary>
public sealed class FamilyFileRace(string page, HttpClient first, string firstForm, HttpClient second, string secondForm) : IDisposable
{
    public string Page => page;

    public static async Task<FamilyFileRace> OpenAsync(VigilAppFactory app, FamilyCase f, TestUser? firstOfficer = null, TestUser? secondOfficer = null)
    {
        var page = $"/cases/{f.Case.Id}/family";
        var first = await app.SignedInClientAsync(firstOfficer ?? f.Flo);
        var second = await app.SignedInClientAsync(secondOfficer ?? await app.CreateUserAsync(Roles.FamilyLiaison, f.Flo.Team));
        return new(page, first, await first.GetStringAsync(page), second, await second.GetStringAsync(page));
    }

    /// <summary>The first officer posts <paramref name="form"/>, as her page holds it, with <paramref name="typed"/>.</summary>
    public Task<HttpResponseMessage> FirstPostsAsync(string form, Dictionary<string, string> typed, string? handler = null) =>
        Forms.PostHeldAsync(first, page, firstForm, form, typed, handler);

    public Task<HttpResponseMessage> SecondPostsAsync(string form, Dictionary<string, string> typed, string? handler = null) =>
        Forms.PostHeldAsync(second, page, secondForm, form, typed, handler);

    /// <summary>The family file as answered to the officer whose form another's write overtook, the form gone with what it
    /// acted on (ADRs 3278, 3279): 409; in <paramref name="where"/>, why, what stands (<paramref name="recorded"/>), and what
    /// she typed, not recorded.</summary>
    public static async Task AssertOvertakenAsync(HttpResponseMessage answer, string where, string why, string recorded, string typed)
    {
        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        var shown = Forms.Parse(await answer.Content.ReadAsStringAsync()).QuerySelector(where) ?? throw new InvalidOperationException($"no {where}");
        Assert.Contains(why, shown.QuerySelector("[data-error-summary]")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Contains(recorded, shown.TextContent, StringComparison.Ordinal);
        Assert.Contains(typed, shown.QuerySelector("[data-not-recorded]")?.TextContent ?? "", StringComparison.Ordinal);
    }

    public void Dispose()
    {
        first.Dispose();
        second.Dispose();
    }
}
