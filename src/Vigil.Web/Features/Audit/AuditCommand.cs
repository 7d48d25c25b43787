using Vigil.Data.Audit.Tree;

namespace Vigil.Web.Features.Audit;

/// <summary>`vigil audit verify | checkpoint | prove`. Exit 0 intact or done, 1 tampering found, 2 a missing or wrong
/// key or a bad argument (ADR 0801, 0802).</summary>
public static class AuditCommand
{
    public static Command Create() => new("audit", "The tamper-evident audit trail: a keyed hash chain and an RFC 9162 Merkle tree with signed heads")
    {
        Verify(), Checkpoint(), Prove(),
    };

    private static Command Verify()
    {
        var against = new Option<FileInfo?>("--against") { Description = "A checkpoint file held outside (from `audit checkpoint`): prove the log still holds everything it held then" };
        var verify = new Command("verify", "Check every entry, the tree and its signed heads; exit 1 naming the first altered, deleted, inserted, truncated or rewritten entry; exit 2 when the key is missing or wrong") { against };
        verify.SetAction(async (parse, ct) => await AgainstCheckpointAsync(parse, against, async (store, held) =>
        {
            var watch = Stopwatch.StartNew();
            var result = await store.GetRequiredService<AuditVerifier>().VerifyAsync(null, ct, held);
            return AuditReport.Verification(result, watch.Elapsed);
        }, ct));
        return verify;
    }

    private static Command Checkpoint()
    {
        var output = new Option<FileInfo>("--out") { Description = "Where to write the signed checkpoint (give it to someone outside the force to keep)", Required = true };
        var command = new Command("checkpoint", "Sign a tree head for the log as it is now and write it as a checkpoint (a signed note)") { output };
        command.SetAction(async (parse, ct) => await CliServices.Guard(async () =>
        {
            await using var services = CliServices.Build(parse);
            await using var scope = services.CreateAsyncScope();
            var checkpoint = await scope.ServiceProvider.GetRequiredService<AuditTreeHeads>().SignAsync(ct);
            var file = parse.GetValue(output)!;
            await File.WriteAllTextAsync(file.FullName, checkpoint.Note, ct);
            var key = services.GetRequiredService<AuditSigningKey>();
            Console.WriteLine($"checkpoint: {checkpoint.TreeSize:N0} entries, root {Convert.ToBase64String(checkpoint.RootHash)}, signed {checkpoint.SignedAt:u} by {checkpoint.Origin}");
            Console.WriteLine($"written to {file.FullName}; the public key to check it with is {key.PublicFile}");
            return VigilCli.Ok;
        }));
        return command;
    }

    private static Command Prove()
    {
        var entry = new Argument<long>("entry") { Description = "The entry's number (#N in the audit history)" };
        var checkpoint = new Option<FileInfo?>("--checkpoint") { Description = "Prove against this checkpoint instead of the newest signed head" };
        var json = new Option<bool>("--json") { Description = "Print the proof as JSON" };
        var command = new Command("prove", "Print the inclusion proof of one entry (RFC 9162 audit path) and check it against a signed root") { entry, checkpoint, json };
        command.SetAction(async (parse, ct) => await AgainstCheckpointAsync(parse, checkpoint, async (store, held) =>
        {
            var watch = Stopwatch.StartNew();
            var proof = await store.GetRequiredService<AuditProver>().ProveAsync(parse.GetValue(entry), held, ct);
            if (proof is null)
            {
                await Console.Error.WriteLineAsync($"there is no audit entry #{parse.GetValue(entry)}");
                return VigilCli.Failed;
            }
            return AuditReport.Inclusion(proof, watch.Elapsed, parse.GetValue(json));
        }, ct));
        return command;
    }

    /// <summary>Runs <paramref name="run"/> on the store, against the checkpoint named by <paramref name="option"/> when one
    /// is given; a missing or malformed checkpoint is a usage error before the store is opened.</summary>
    private static Task<int> AgainstCheckpointAsync(ParseResult parse, Option<FileInfo?> option, Func<IServiceProvider, AuditCheckpoint?, Task<int>> run, CancellationToken ct) =>
        CliServices.Guard(async () =>
        {
            var (held, refused) = await ReadCheckpointAsync(parse.GetValue(option), ct);
            if (refused) return VigilCli.Usage;
            await using var services = CliServices.Build(parse);
            await using var scope = services.CreateAsyncScope();
            return await run(scope.ServiceProvider, held);
        });

    /// <summary>A checkpoint file given on the command line; a missing or malformed one is a usage error (exit 2).</summary>
    private static async Task<(AuditCheckpoint? Checkpoint, bool Refused)> ReadCheckpointAsync(FileInfo? file, CancellationToken ct)
    {
        if (file is null) return (null, false);
        try
        {
            return (AuditCheckpoint.Parse(await File.ReadAllTextAsync(file.FullName, ct)), false);
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: {file.FullName}: {ex.Message}");
            return (null, true);
        }
    }
}
