using System.Globalization;
using System.Threading.RateLimiting;

namespace Vigil.Web.Hosting;

/// <summary>A fixed one-minute window of attempts for one client address, counted in the store (ADR 1624), so that two
/// nodes behind a proxy allow the limit once between them. Each attempt is one upsert that returns the minute's count;
/// the first attempt of a minute also clears the minutes before it.</summary>
internal sealed class StoreWindowLimiter(IServiceScopeFactory scopes, TimeProvider clock, string address, int permits) : RateLimiter
{
    private long lastUsed = clock.GetTimestamp();

    /// <summary>Lets the partitioned limiter drop this address's limiter once idle; the count lives in the store.</summary>
    public override TimeSpan? IdleDuration => clock.GetElapsedTime(Interlocked.Read(ref lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    /// <summary>Never decided without the store: a refused lease here sends the middleware to <see cref="AcquireAsyncCore"/>.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => WindowLease.Ask;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref lastUsed, clock.GetTimestamp());
        var now = clock.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var attempts = (await db.Database.SqlQuery<int>(
            $"INSERT INTO sign_in_windows (\"Address\", \"Minute\", \"Attempts\") VALUES ({address}, {minute}, {permitCount}) ON CONFLICT (\"Address\", \"Minute\") DO UPDATE SET \"Attempts\" = sign_in_windows.\"Attempts\" + {permitCount} RETURNING \"Attempts\" AS \"Value\"")
            .ToListAsync(cancellationToken))[0];
        if (attempts == permitCount)
            await db.Database.ExecuteSqlAsync($"DELETE FROM sign_in_windows WHERE \"Minute\" < {minute}", cancellationToken);
        return attempts <= permits ? WindowLease.Granted : WindowLease.Refused(TimeSpan.FromSeconds(60 - now.Second));
    }

    private sealed class WindowLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly WindowLease Granted = new(true, null);
        public static readonly WindowLease Ask = new(false, null);

        public static WindowLease Refused(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }

    /// <summary>Seconds for a Retry-After header.</summary>
    public static string Seconds(TimeSpan wait) => ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
