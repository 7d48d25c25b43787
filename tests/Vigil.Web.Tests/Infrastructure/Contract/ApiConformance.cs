using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Vigil.Web.Tests.Infrastructure.Contract;

/// <summary>Holds every /api/v1 answer the integration tests receive against the app's OpenAPI document (issue 14,
/// ADR 1261). A test-only middleware, outermost in the pipeline, buffers each API answer, checks it, and fails the
/// request (the test sees the exception) when the document does not describe it; every exchange and every
/// violation is kept for <c>ApiConformanceTests</c> and the figures.</summary>
public sealed class ApiConformance(Func<Task<string>> loadDocument) : IStartupFilter
{
    /// <summary>Answers no operation lists because the host gives them to any request: rate limiting, server faults
    /// (a stopped database is 503 by design), a method the route does not have.</summary>
    private static readonly HashSet<int> HostAnswers = [405, 413, 429];

    private readonly SemaphoreSlim loading = new(1, 1);
    private ApiDocument? document;

    public ConcurrentQueue<ApiExchange> Exchanges { get; } = new();
    public ConcurrentQueue<string> Violations { get; } = new();
    public int Unmatched;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(RecordAsync);
        next(app);
    };

    public async Task<ApiDocument> DocumentAsync()
    {
        if (document is not null) return document;
        await loading.WaitAsync();
        try { return document ??= new ApiDocument(await loadDocument()); }
        finally { loading.Release(); }
    }

    private async Task RecordAsync(HttpContext http, Func<Task> next)
    {
        if (!http.Request.Path.StartsWithSegments("/api/v1"))
        {
            await next();
            return;
        }
        var sent = await RequestBodyAsync(http.Request);
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try { await next(); }
        finally { http.Response.Body = original; }
        var exchange = new ApiExchange(http.Request.Method, http.Request.Path.Value!, http.Response.StatusCode,
            ApiDocument.MediaType(http.Response.ContentType), buffer.ToArray())
            { RequestContentType = ApiDocument.MediaType(http.Request.ContentType), RequestBody = sent };
        Exchanges.Enqueue(exchange);
        var problem = await CheckAsync(exchange);
        if (problem is not null)
        {
            Violations.Enqueue(problem);
            throw new InvalidOperationException("The API answered what its OpenAPI document does not say: " + problem);
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
    }

    /// <summary>The JSON body the test sent, read and rewound so the app reads it too; null for none or a non-JSON body
    /// (JSON lines, gzip, FHIR text are described by media type only).</summary>
    private static async Task<byte[]?> RequestBodyAsync(HttpRequest request)
    {
        var media = ApiDocument.MediaType(request.ContentType);
        if (request.ContentLength is 0 || !(media == "application/json" || media.EndsWith("+json", StringComparison.Ordinal))) return null;
        request.EnableBuffering();
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy);
        request.Body.Position = 0;
        return copy.Length == 0 ? null : copy.ToArray();
    }

    public async Task<string?> CheckAsync(ApiExchange exchange)
    {
        if (exchange.Status >= 500 || HostAnswers.Contains(exchange.Status) || exchange.Method is "HEAD" or "OPTIONS") return null;
        var doc = await DocumentAsync();
        if (doc.TemplateFor(exchange.Path) is null)
        {
            // Every /api/v1 path a test reaches is one the document lists (ADR 1461): a route left out of it fails here.
            Interlocked.Increment(ref Unmatched);
            return $"{exchange.Method} {exchange.Path} → {exchange.Status}: no such path in the document";
        }
        return doc.Check(exchange);
    }
}
