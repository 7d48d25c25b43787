namespace Vigil.Web.Tests.Infrastructure;

/// <summary>Waits for something the app finishes after the test's request has returned (a server activity stops, a
/// background batch commits): poll until it holds, and fail with the caller's words if it never does.</summary>
public static class Eventually
{
    public static Task HoldsAsync(Func<bool> condition, TimeSpan within, string what) =>
        HoldsAsync(() => Task.FromResult(condition()), within, what);

    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what} did not happen within {within.TotalSeconds:0} s");
            await Task.Delay(50);
        }
    }
}
