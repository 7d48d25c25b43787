using SharpFuzz;

namespace Vigil.Fuzz;

/// <summary>`vigil-fuzz TARGET` runs under AFL++ (scripts/fuzz.sh); `vigil-fuzz TARGET FILE...` replays inputs
/// (a crash AFL++ found) and prints what each does.</summary>
public static class FuzzProgram
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine($"usage: vigil-fuzz {string.Join('|', FuzzTargets.All.Keys)} [FILE...]");
            return 2;
        }
        if (args.Length == 1)
        {
            Fuzzer.OutOfProcess.Run(stream => target(stream));
            return 0;
        }
        var failed = 0;
        foreach (var file in args[1..])
        {
            try
            {
                using var input = File.OpenRead(file);
                target(input);
                Console.WriteLine($"{file}: ok");
            }
            catch (Exception ex)
            {
                failed++;
                Console.WriteLine($"{file}: {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
