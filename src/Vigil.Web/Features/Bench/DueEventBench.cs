using Vigil.Web.Features.Family;
using Vigil.Web.Features.Notifications.DueEvents;

namespace Vigil.Web.Features.Bench;

/// <summary>`vigil bench sweep`: the due-event sweep (ADR 3152) on a real store, as of a moment (--at, e.g. weeks after
/// an import, when its reviews and actions have fallen due): each sweep's time and what it raised, until one raises
/// nothing, then that idle sweep's time, which every node pays each interval.</summary>
public static class DueEventBench
{
    public static Command Create()
    {
        var at = new Option<DateTimeOffset?>("--at") { Description = "Sweep as if it were this moment (default: now)" };
        return BenchRun.Verb("sweep", "Time due-event sweeps until nothing more is due, then an idle one", [at], async (parse, services, ct) =>
        {
            var clock = new StoppedClock(parse.GetValue(at) ?? DateTimeOffset.UtcNow);
            for (var sweep = 1; ; sweep++)
            {
                await using var scope = services.CreateAsyncScope();
                var liaison = ActivatorUtilities.CreateInstance<LiaisonStatus>(scope.ServiceProvider, clock);
                var raiser = ActivatorUtilities.CreateInstance<DueEventRaiser>(scope.ServiceProvider, liaison, clock);
                var watch = Stopwatch.StartNew();
                var n = await raiser.RaiseAsync(ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"sweep {sweep}: {watch.Elapsed.TotalMilliseconds:F0} ms; raised {n.Contacts:N0} contacts, {n.Reviews:N0} reviews, {n.Actions:N0} actions, {n.Questions:N0} questions, {n.Tasks:N0} tasks"));
                if (n.Raised == 0) return VigilCli.Ok;
            }
        });
    }

    private sealed class StoppedClock(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }
}
