using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Audit;
using Vigil.Data.Audit.Tree;
using Vigil.Data.Identity;
using Vigil.Web.Features.Audit;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Audit;

/// <summary>The Merkle tree over the audit log on a real store: signed heads, stored nodes, inclusion proofs, and every
/// tamper kind, including the insider who holds the keys and re-chains history, caught by a checkpoint held outside.</summary>
public abstract class AuditTreeTests
{
    protected abstract VigilAppFactory NewApp();

    /// <summary>A few cases and 600 view events: enough for two stored 256-entry chunks and a partial third.</summary>
    private async Task<VigilAppFactory> AppWithLogAsync(int views = 600)
    {
        var app = NewApp();
        await app.InitializeAsync();
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy);
        await ViewAsync(app, c.Id, views);
        return app;
    }

    private static Task ViewAsync(VigilAppFactory app, Guid caseId, int views) => app.WithDbAsync(db =>
    {
        for (var i = 0; i < views; i++) db.RecordEvent("view", "DeathCase", caseId.ToString(), caseId, $$"""{"n":{{i}}}""");
        return db.SaveChangesAsync();
    });

    private static Task<AuditCheckpoint> SignAsync(VigilAppFactory app) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<AuditTreeHeads>().SignAsync(default));

    private static Task<AuditVerification> VerifyAsync(VigilAppFactory app, AuditCheckpoint? against = null) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync(null, default, against));

    private static Task<InclusionProof?> ProveAsync(VigilAppFactory app, long sequence, AuditCheckpoint? against = null) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<AuditProver>().ProveAsync(sequence, against, default));

    // The insider these tests play first drops the append-only triggers (AppendOnlyTests shows they refuse otherwise).
    private static Task ExecAsync(VigilAppFactory app, string sql) =>
        app.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync(AppendOnly.DropTriggersSql(app.Provider, "audit_entries"));
            await db.Database.ExecuteSqlRawAsync(sql);
        });

    private static Task<long> SizeAsync(VigilAppFactory app) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries.MaxAsync(e => e.Sequence));

    [Fact]
    public async Task SignedHeadsAndStoredNodes_AgreeWithTheEntries()
    {
        await using var app = await AppWithLogAsync();
        var head = await SignAsync(app);
        Assert.Equal(await SizeAsync(app), head.TreeSize);
        var result = await VerifyAsync(app, head);
        Assert.True(result.Intact, result.FirstProblem?.Message);
        Assert.Equal(3, result.TreeNodesChecked); // two chunks of 256 and the 512 above them
        Assert.Equal(1, result.TreeHeadsChecked);
        Assert.Equal(head.RootHash, result.Root);
        Assert.True(result.Checkpoint!.ProofVerified);
    }

    [Fact]
    public async Task EveryEntry_IsProvedAgainstTheSignedHead_AndAnEditedOneIsNot()
    {
        await using var app = await AppWithLogAsync();
        var head = await SignAsync(app);
        foreach (var sequence in new long[] { 1, 256, 257, 300, head.TreeSize })
        {
            var proof = await ProveAsync(app, sequence);
            Assert.True(proof!.Verified, $"entry #{sequence}");
            Assert.True(proof.SignatureValid);
            Assert.Equal(head.TreeSize, proof.Head.TreeSize);
        }
        await ExecAsync(app, "UPDATE audit_entries SET \"Actor\" = 'nobody' WHERE \"Sequence\" = 300");
        Assert.False((await ProveAsync(app, 300))!.Verified);
        Assert.Null(await ProveAsync(app, head.TreeSize + 1000));
    }

    [Fact]
    public async Task RechainingWithBothKeys_PassesAloneButIsCaughtByACheckpointHeldOutside()
    {
        await using var app = await AppWithLogAsync();
        var held = await SignAsync(app);
        var c = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Cases.Select(x => x.Id).FirstAsync());
        await ViewAsync(app, c, 40);
        await RechainFromAsync(app, 5);
        var alone = await VerifyAsync(app);
        Assert.True(alone.Intact, "an insider with both keys can re-forge every record the force holds: " + alone.FirstProblem?.Message);
        var result = await VerifyAsync(app, held);
        Assert.Equal(AuditProblemKind.Rewritten, result.FirstProblem?.Kind);
        Assert.Contains("checkpoint held outside", result.FirstProblem!.Message, StringComparison.Ordinal);
        Assert.False((await ProveAsync(app, 5, held))!.Verified);
    }

    [Fact]
    public async Task TruncationBelowACheckpoint_IsCaught_EvenWithTheRecordsInsideRewritten()
    {
        await using var app = await AppWithLogAsync();
        var held = await SignAsync(app);
        await ExecAsync(app, $"DELETE FROM audit_entries WHERE \"Sequence\" > {held.TreeSize - 3}");
        await ExecAsync(app, "DELETE FROM audit_tree_heads");
        await ExecAsync(app, "DELETE FROM audit_tree_nodes");
        await RewriteHeadRecordAsync(app);
        Assert.True((await VerifyAsync(app)).Intact);
        var result = await VerifyAsync(app, held);
        Assert.Equal(AuditProblemKind.Truncated, result.FirstProblem?.Kind);
        Assert.Equal(held.TreeSize - 2, result.FirstProblem?.Sequence);
    }

    [Fact]
    public async Task DeletingTheNewestEntries_WithTheHeadRecordRewritten_IsCaughtByTheSignedHead()
    {
        await using var app = await AppWithLogAsync();
        var head = await SignAsync(app);
        await ExecAsync(app, $"DELETE FROM audit_entries WHERE \"Sequence\" > {head.TreeSize - 5}");
        await RewriteHeadRecordAsync(app);
        var result = await VerifyAsync(app);
        Assert.Equal(AuditProblemKind.Truncated, result.FirstProblem?.Kind);
        Assert.Contains("tree head", result.FirstProblem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AForgedTreeHeadOrNode_IsCaught()
    {
        await using var app = await AppWithLogAsync();
        await SignAsync(app);
        await app.WithDbAsync(async db =>
        {
            var node = await db.AuditTreeNodes.FirstAsync(n => n.Level == AuditTree.StoredLevel && n.Index == 1);
            node.Hash = new byte[32];
            await db.SaveChangesAsync();
        });
        var result = await VerifyAsync(app);
        Assert.Equal(AuditProblemKind.Rewritten, result.FirstProblem?.Kind);
        Assert.Contains("#257–#512", result.FirstProblem!.Message, StringComparison.Ordinal);

        await using var second = await AppWithLogAsync(10);
        await SignAsync(second);
        await second.WithDbAsync(async db =>
        {
            var head = await db.AuditTreeHeads.SingleAsync();
            head.RootHash = SHA256.HashData("another root"u8);
            await db.SaveChangesAsync();
        });
        Assert.Equal(AuditProblemKind.Rewritten, (await VerifyAsync(second)).FirstProblem?.Kind);
    }

    [Fact]
    public async Task ACheckpointNotSignedByThisLog_IsRefused()
    {
        await using var app = await AppWithLogAsync(10);
        var real = await SignAsync(app);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = AuditCheckpoint.Sign(stranger, real.TreeSize, real.RootHash, real.SignedAt);
        var result = await VerifyAsync(app, forged);
        Assert.Equal(AuditProblemKind.BadCheckpoint, result.FirstProblem?.Kind);
    }

    /// <summary>The insider holding the audit key and the signing key: changes entry #from, recomputes every keyed hash
    /// after it, rebuilds the tree and its signed heads, and rewrites the head record beside the key.</summary>
    private static async Task RechainFromAsync(VigilAppFactory app, long from)
    {
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var hasher = sp.GetRequiredService<AuditHasher>();
            var entries = await db.AuditEntries.Where(e => e.Sequence >= from - 1).OrderBy(e => e.Sequence).ToListAsync();
            entries[1].Actor = "user:x:someone-else";
            for (var i = 1; i < entries.Count; i++)
            {
                entries[i].PreviousHash = entries[i - 1].Hash;
                entries[i].Hash = hasher.Hash(entries[i]);
            }
            await db.Database.ExecuteSqlRawAsync(AppendOnly.DropTriggersSql(app.Provider, "audit_entries"));
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlRawAsync("DELETE FROM audit_tree_heads");
            await db.Database.ExecuteSqlRawAsync("DELETE FROM audit_tree_nodes");
            return true;
        });
        await SignAsync(app);
        await RewriteHeadRecordAsync(app);
    }

    private static async Task RewriteHeadRecordAsync(VigilAppFactory app)
    {
        var (count, hash, keyId) = await app.WithScopeAsync(async sp =>
        {
            var last = await sp.GetRequiredService<VigilDbContext>().AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync();
            return (last.Sequence, last.Hash, sp.GetRequiredService<AuditHasher>().KeyId);
        });
        await File.WriteAllTextAsync(app.AuditHeadFile, $"vigil-audit-head v1\n{count} {hash} {keyId}\n");
    }
}

public sealed class AuditTreeTests_Sqlite : AuditTreeTests
{
    protected override VigilAppFactory NewApp() => new SqliteApp();
}

public sealed class AuditTreeTests_Postgres : AuditTreeTests
{
    protected override VigilAppFactory NewApp() => new PostgresApp();
}
