using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Vigil.Records;

namespace Vigil.Load;

/// <summary>One simulated officer: signs in through the login form, then loops over what officers do, with a pause
/// between steps. Every request goes to the next node in turn, as behind a round-robin proxy without affinity.</summary>
public sealed class VirtualUser(LoadUser user, LoadWorld world, WriteLedger ledger, LoadOptions options, int seed) : IDisposable
{
    private LoadStats stats = new();
    private readonly Random random = new(seed);
    private readonly HttpClient http = new(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = options.RequestTimeout,
    };
    private int next = seed;

    /// <summary>Sign in before the measured run: the first sign-ins of a cold node (password hashing, JIT) are not
    /// what a day's work looks like.</summary>
    /// <summary>Signs in as an officer would: a 503 (the store too busy to answer, with Retry-After) is tried again
    /// after a pause, up to three times; each failed attempt stays an error in the sign-in table.</summary>
    public async Task SignInAsync(LoadStats into, CancellationToken ct)
    {
        stats = into;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SignInCoreAsync(ct);
                return;
            }
            catch (UnavailableException) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), ct);
            }
        }
    }

    private sealed class UnavailableException(string message) : InvalidOperationException(message);

    public async Task RunAsync(LoadStats into, CancellationToken stop)
    {
        stats = into;
        try
        {
            for (var step = 0; !stop.IsCancellationRequested && step < (options.StepsPerUser ?? int.MaxValue); step++)
            {
                // A step under way when the run ends is finished, not aborted (the request timeout still bounds it):
                // an aborted request cancels its commit on the node, which logs EF Core's "An error occurred using a
                // transaction" (event 20205) with no failure a user would see, and a run's report should hold none.
                var finish = CancellationToken.None;
                await (options.StepsPerUser is null ? StepAsync(random.Next(100), finish) : StepAsync(Scripted(step), finish));
                await Task.Delay(random.Next(options.ThinkMinMs, options.ThinkMaxMs + 1), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the run (or its warm-up) is over
        }
    }

    public void Dispose() => http.Dispose();

    public const int StepKinds = 7;

    /// <summary>Step i of a scripted run: a roll that lands on each kind of step in turn (import for supervisors).</summary>
    private static int Scripted(int step) => (step % StepKinds) switch { 0 => 4, 1 => 10, 2 => 25, 3 => 40, 4 => 70, 5 => 80, _ => 95 };

    /// <summary>The mix: lists 20 %, searches 15 %, case pages 30 %, API reads 10 %, edits 15 %, allocations 10 %;
    /// supervisors import a small batch instead of 5 % of their steps.</summary>
    private Task StepAsync(int roll, CancellationToken ct)
    {
        if (user.IsSupervisor && roll < 5) return ImportAsync(ct);
        return roll switch
        {
            < 20 => PageAsync("GET /cases", "/cases", ct),
            < 35 => PageAsync("GET /cases?q=", $"/cases?q={Uri.EscapeDataString(world.SearchTerms[random.Next(world.SearchTerms.Count)])}", ct),
            < 65 => PageAsync("GET /cases/{id}", $"/cases/{Pick()}", ct),
            < 75 => ApiAsync("GET /api/v1/cases/{id}", HttpMethod.Get, $"/api/v1/cases/{Pick()}", null, null, ct),
            < 90 => EditAsync(ct),
            _ => AllocateAsync(ct),
        };
    }

    private Guid Pick() => world.Cases[random.Next(world.Cases.Count)];

    private string Node() => options.Urls[Interlocked.Increment(ref next) % options.Urls.Count];

    private async Task SignInCoreAsync(CancellationToken ct)
    {
        var node = Node();
        var (status, page) = await SendAsync("GET /login", new HttpRequestMessage(HttpMethod.Get, $"{node}/login"), ct);
        var token = page is null ? null : new HtmlParser().ParseDocument(page).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        if (status != HttpStatusCode.OK || token is null) throw new InvalidOperationException($"{user.UserName}: no login form ({status})");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = user.UserName, ["Input.Password"] = user.Password, ["__RequestVerificationToken"] = token,
        });
        (status, _) = await SendAsync("POST /login", new HttpRequestMessage(HttpMethod.Post, $"{node}/login") { Content = form }, ct);
        if (status == HttpStatusCode.ServiceUnavailable) throw new UnavailableException($"{user.UserName}: sign-in answered 503");
        if (status != HttpStatusCode.Redirect) throw new InvalidOperationException($"{user.UserName}: sign-in answered {(int)status}");
    }

    private Task PageAsync(string route, string path, CancellationToken ct) =>
        SendAsync(route, new HttpRequestMessage(HttpMethod.Get, Node() + path), ct);

    private Task<(HttpStatusCode Status, string? Body, HttpResponseMessage? Response)> ApiAsync(string route, HttpMethod method, string path, HttpContent? content, string? ifMatch, CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, Node() + path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return SendFullAsync(route, request, ct);
    }

    /// <summary>Read the case, change its narrative to a marker used once, write it back with the ETag read.</summary>
    private async Task EditAsync(CancellationToken ct)
    {
        var id = Pick();
        var (status, body, response) = await ApiAsync("GET /api/v1/cases/{id}", HttpMethod.Get, $"/api/v1/cases/{id}", null, null, ct);
        if (status != HttpStatusCode.OK || body is null) return;
        var record = JsonNode.Parse(body)!["record"]!;
        var marker = $"load-edit {Guid.NewGuid():N}";
        record["narrative"] = marker;
        var content = new StringContent(new JsonObject { ["record"] = record.DeepClone() }.ToJsonString(), Encoding.UTF8, "application/json");
        (status, _, _) = await ApiAsync("PUT /api/v1/cases/{id}", HttpMethod.Put, $"/api/v1/cases/{id}", content, response!.Headers.ETag?.ToString(), ct);
        if (status == HttpStatusCode.OK) ledger.Edits.Add(new WriteLedger.Edit(id, marker));
    }

    /// <summary>(Re)allocate an open action of a case to this officer (allocation names a real officer of the case's
    /// team), with the action's version as If-Match.</summary>
    private async Task AllocateAsync(CancellationToken ct)
    {
        var id = Pick();
        var (status, body, _) = await ApiAsync("GET /api/v1/cases/{id}/actions", HttpMethod.Get, $"/api/v1/cases/{id}/actions", null, null, ct);
        if (status != HttpStatusCode.OK || body is null) return;
        var open = JsonNode.Parse(body)!.AsArray().Where(a => (string?)a!["status"] is "raised" or "allocated").ToList();
        if (open.Count == 0) return;
        var action = open[random.Next(open.Count)]!;
        var officer = user.UserName;
        var content = new StringContent(new JsonObject { ["to"] = "allocate", ["allocate_to"] = officer }.ToJsonString(), Encoding.UTF8, "application/json");
        (status, _, _) = await ApiAsync("POST /api/v1/cases/{id}/actions/{n}/transitions", HttpMethod.Post,
            $"/api/v1/cases/{id}/actions/{(int)action["number"]!}/transitions", content, $"\"{(int)action["version"]!}\"", ct);
        if (status == HttpStatusCode.OK) ledger.Allocations.Add(new WriteLedger.Allocation(id, Guid.Parse((string)action["id"]!), officer));
    }

    /// <summary>A small batch of new deaths through the import endpoint, as a supervisor.</summary>
    private async Task ImportAsync(CancellationToken ct)
    {
        var records = world.NewRecords(random, options.ImportBatch);
        var body = new StringContent(string.Join('\n', records.Select(DeathRecordWriter.ToJson)), Encoding.UTF8, "application/x-ndjson");
        var (status, _, _) = await ApiAsync("POST /api/v1/imports", HttpMethod.Post, $"/api/v1/imports?team={world.TeamId}&source={world.ImportSource}", body, null, ct);
        if (status == HttpStatusCode.OK) foreach (var r in records) ledger.Imports.Add(new WriteLedger.Imported(world.ImportSource, r.Ref));
    }

    private async Task<(HttpStatusCode, string?)> SendAsync(string route, HttpRequestMessage request, CancellationToken ct)
    {
        var (status, body, response) = await SendFullAsync(route, request, ct);
        response?.Dispose();
        return (status, body);
    }

    private async Task<(HttpStatusCode Status, string? Body, HttpResponseMessage? Response)> SendFullAsync(string route, HttpRequestMessage request, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            stats.Record(route, response.StatusCode, clock.Elapsed.TotalMilliseconds, response.IsSuccessStatusCode ? null : body);
            return (response.StatusCode, body, response);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            stats.RecordFailure(route, clock.Elapsed.TotalMilliseconds, ex.GetType().Name + ": " + ex.Message);
            return (0, null, null);
        }
        finally
        {
            request.Dispose();
        }
    }
}
