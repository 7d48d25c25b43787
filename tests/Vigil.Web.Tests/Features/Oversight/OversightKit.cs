using Vigil.Web.Hosting;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Features.Oversight.AsKnown;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Oversight;

/// <summary>Edits a case through the real API, as an investigator would, for the oversight tests.</summary>
internal static class OversightKit
{
    public static async Task<CaseResponse> EditAsync(VigilAppFactory app, TestUser user, Guid id, Func<DeathRecord, DeathRecord> change)
    {
        using var client = app.ApiClient(user);
        var current = (await client.GetFromJsonAsync<CaseResponse>($"/api/v1/cases/{id}", ApiJson.Client))!;
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{id}") { Content = JsonContent.Create(new UpdateCaseRequest(change(current.Record)), options: ApiJson.Client) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{current.Version}\"");
        var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CaseResponse>(ApiJson.Client))!;
    }

    public static async Task RaiseAsync(VigilAppFactory app, TestUser user, Guid id, string title, bool mandatory, DateTime? due = null)
    {
        using var client = app.ApiClient(user);
        (await client.PostAsJsonAsync($"/api/v1/cases/{id}/actions", new RaiseActionRequest(title, "detail", mandatory, "high", due), ApiJson.Client)).EnsureSuccessStatusCode();
    }

    public static async Task MoveAsync(VigilAppFactory app, TestUser user, Guid id, int number, string to, string? allocate = null, string? text = null)
    {
        using var client = app.ApiClient(user);
        (await Enquiries.EnquiryClient.MoveAsync(client, id, number, to, allocate, text)).EnsureSuccessStatusCode();
    }

    public static Task<long> LastSequenceAsync(VigilAppFactory app) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries.MaxAsync(e => e.Sequence));

    public static Task<List<RowDifference>> CompareNowAsync(VigilAppFactory app, Guid caseId) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<StoredRows>().CompareAsync(caseId, default));

    public static string Show(IEnumerable<RowDifference> differences) =>
        string.Join("\n", differences.Take(20).Select(d => $"{d.Type} {d.Key} {d.Property}: stored {d.Stored} / rebuilt {d.Rebuilt}"));
}
