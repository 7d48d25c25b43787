using System.Net.Http.Json;
using System.Text;
using Vigil.Records;
using Vigil.Web.Features.Import;
using Vigil.Web.Hosting;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>Death records posted to the import endpoint as JSON lines, as a force's scheduled import sends them.</summary>
public static class ImportApiCalls
{
    /// <param name="waitForLinkage">Answer once what the import queued is compared.</param>
    public static async Task<ImportResponse> ImportAsync(HttpClient client, Guid team, string source, IEnumerable<DeathRecord> records,
        bool waitForLinkage = false)
    {
        var body = new StringContent(string.Join("\n", records.Select(DeathRecordWriter.ToJson)), Encoding.UTF8, "application/x-ndjson");
        using var response = await client.PostAsync($"/api/v1/imports?team={team}&source={source}&waitForLinkage={(waitForLinkage ? "true" : "false")}", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ImportResponse>(ApiJson.Client))!;
    }
}
