namespace Vigil.Web.Features.Auth;

/// <summary>At most "Vigil:ConcurrentPasswordChecks" password checks at once (default: one per processor), the rest
/// waiting their turn without holding a thread (ADR 1615). A password hash costs tens of milliseconds of CPU by design;
/// fifty officers signing in at a shift's start would otherwise hold fifty thread-pool threads hashing, and every other
/// request's continuations — database connects included — would queue behind them (the load runs of rounds 29–30 saw
/// sign-ins fail with the database driver's connect timeout). Staff and family sign-in share the one gate.</summary>
public sealed class PasswordCheckGate(IOptions<VigilSettings> settings) : IDisposable
{
    private readonly SemaphoreSlim gate = new(settings.Value.ConcurrentPasswordChecks, settings.Value.ConcurrentPasswordChecks);

    public async Task<T> RunAsync<T>(Func<Task<T>> check, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            return await check();
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}
