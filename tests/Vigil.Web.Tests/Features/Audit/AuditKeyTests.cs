using Vigil.Web.Cli;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Features.Linkage;

namespace Vigil.Web.Tests.Features.Audit;

/// <summary>The audit key follows the store, not the working directory; `audit verify` never creates one and
/// reports a missing or wrong key as such (exit 2), not as tampering (issue 8, finding 12).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AuditKeyTests : IDisposable
{
    private static readonly string[] Variables = ["VIGIL_AUDIT_KEY", "VIGIL_AUDIT_KEY_FILE", "VIGIL_DB"];
    private readonly Dictionary<string, string?> saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    private readonly string folder = Directory.CreateTempSubdirectory("vigil-key-").FullName;
    private string Store => Path.Combine(folder, "store");
    private string Db => Path.Combine(Store, "vigil.db");
    private string Key => Path.Combine(Store, "audit.key");
    private string Head => Path.Combine(Store, "vigil.db.audit.head");
    private string SharedHead => Path.Combine(Store, "audit.head");

    public AuditKeyTests()
    {
        foreach (var v in Variables) Environment.SetEnvironmentVariable(v, null);
    }

    public void Dispose()
    {
        foreach (var (v, value) in saved) Environment.SetEnvironmentVariable(v, value);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { /* best effort */ }
    }

    private static async Task<(int Code, string Output)> Run(params string[] args)
    {
        var (output, error) = (Console.Out, Console.Error);
        using var capture = new StringWriter();
        Console.SetOut(capture);
        Console.SetError(capture);
        try
        {
            return (await VigilCli.RunAsync(args), capture.ToString());
        }
        finally
        {
            Console.SetOut(output);
            Console.SetError(error);
        }
    }

    private Task WriteSomethingAsync(string user = "ivy") => WriteToAsync(Db, user);

    [Fact]
    public async Task TheKeyIsCreatedBesideTheSqliteStore_AndVerifyFindsItThere()
    {
        await WriteSomethingAsync();
        Assert.True(File.Exists(Key), "the key should be beside the store");
        Assert.True(File.Exists(Head), "the head record should be beside the key, named after the store");
        var (code, output) = await Run("audit", "verify", "--db", Db);
        Assert.Equal(VigilCli.Ok, code);
        Assert.Contains("intact", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyWithoutTheKey_ExitsTwo_AndCreatesNoKey()
    {
        await WriteSomethingAsync();
        File.Delete(Key);
        var (code, output) = await Run("audit", "verify", "--db", Db);
        Assert.Equal(VigilCli.Usage, code);
        Assert.Contains("not found", output, StringComparison.Ordinal);
        Assert.DoesNotContain("BROKEN", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Key), "verify must never create a key");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task VerifyWithAnotherKey_ExitsTwo_SayingTheKeyIsWrong(bool keepHeadRecord)
    {
        await WriteSomethingAsync();
        await File.WriteAllTextAsync(Key, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        if (!keepHeadRecord) File.Delete(Head);
        var (code, output) = await Run("audit", "verify", "--db", Db);
        Assert.Equal(VigilCli.Usage, code);
        Assert.Contains("not", output, StringComparison.Ordinal);
        Assert.DoesNotContain("BROKEN", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WritingWithoutTheKey_IsRefused_RatherThanSignedWithANewKey()
    {
        await WriteSomethingAsync();
        File.Delete(Key);
        var (code, output) = await Run("users", "create", "ann", "--role", "investigator", "--team", "East", "--password", "long enough password", "--db", Db);
        Assert.NotEqual(VigilCli.Ok, code);
        Assert.Contains("audit key", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Key));
    }

    [Fact]
    public async Task CheckpointProveAndVerifyAgainst_AnswerWithTheDocumentedExitCodes()
    {
        await WriteSomethingAsync();
        await WriteSomethingAsync("ann");
        var checkpoint = Path.Combine(folder, "held-outside.checkpoint");
        Assert.Equal(VigilCli.Ok, (await Run("audit", "checkpoint", "--out", checkpoint, "--db", Db)).Code);
        Assert.StartsWith("vigil-audit/", await File.ReadAllTextAsync(checkpoint), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Store, "audit-signing.key")) && File.Exists(Path.Combine(Store, "audit-signing.pub")));
        var (code, output) = await Run("audit", "prove", "1", "--db", Db);
        Assert.Equal(VigilCli.Ok, code);
        Assert.Contains("inclusion verified", output, StringComparison.Ordinal);
        (code, output) = await Run("audit", "verify", "--against", checkpoint, "--db", Db);
        Assert.Equal(VigilCli.Ok, code);
        Assert.Contains("consistency proof", output, StringComparison.Ordinal);
        Assert.Equal(VigilCli.Failed, (await Run("audit", "prove", "999999", "--db", Db)).Code);

        // Roll the store back to before the checkpoint, records inside the force and all: only the checkpoint remembers.
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = AppendOnly.DropTriggersSql("sqlite", "audit_entries") + "DELETE FROM audit_entries WHERE \"Sequence\" > 1; DELETE FROM audit_tree_heads; DELETE FROM audit_tree_nodes;";
            await command.ExecuteNonQueryAsync();
        }
        File.Delete(Head);
        Assert.Equal(VigilCli.Ok, (await Run("audit", "verify", "--db", Db)).Code);
        (code, output) = await Run("audit", "verify", "--against", checkpoint, "--db", Db);
        Assert.Equal(VigilCli.Failed, code);
        Assert.Contains("truncated", output, StringComparison.Ordinal);
        Assert.Equal(VigilCli.Usage, (await Run("audit", "verify", "--against", Path.Combine(folder, "missing"), "--db", Db)).Code);
    }

    [Fact]
    public async Task TwoSqliteStoresInOneFolder_EachKeepsItsOwnHead_AndBothVerifyIntact()
    {
        var other = Path.Combine(Store, "other.db");
        await WriteSomethingAsync();
        await WriteToAsync(other, "bea");
        await WriteSomethingAsync("ann"); // the first store is now longer than the second: a shared head would say truncated
        await WriteToAsync(other, "cat");
        foreach (var db in new[] { Db, other })
        {
            var (code, output) = await Run("audit", "verify", "--db", db);
            Assert.True(code == VigilCli.Ok, $"{db}: {output}");
            Assert.Contains("intact", output, StringComparison.Ordinal);
        }
        Assert.True(File.Exists(Path.Combine(Store, "other.db.audit.head")));
        Assert.False(File.Exists(SharedHead), "no store writes the shared name any more");
    }

    /// <summary>A store written before ADR 1761 has only `audit.head` beside `audit.key`: its key is still found, its
    /// head is still read (so a truncation is still caught), and its next write gives it a head of its own.</summary>
    [Fact]
    public async Task AStoreWithTheSharedHeadName_StillVerifies_CatchesTruncation_AndFindsItsKey()
    {
        await WriteSomethingAsync();
        await WriteSomethingAsync("ann");
        File.Move(Head, SharedHead); // the layout an earlier version left
        var key = await File.ReadAllBytesAsync(Key);
        var (code, output) = await Run("audit", "verify", "--db", Db);
        Assert.True(code == VigilCli.Ok, output);
        Assert.Contains("intact", output, StringComparison.Ordinal);

        await WriteSomethingAsync("bea"); // refused if the key were not found (ADR 0801)
        Assert.Equal(key, await File.ReadAllBytesAsync(Key));
        Assert.True(File.Exists(Head), "the next write gives the store its own head");
        await File.WriteAllTextAsync(SharedHead, await File.ReadAllTextAsync(Head));
        File.Delete(Head);
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = AppendOnly.DropTriggersSql("sqlite", "audit_entries") + "DELETE FROM audit_entries WHERE \"Sequence\" = (SELECT MAX(\"Sequence\") FROM audit_entries); DELETE FROM audit_tree_heads; DELETE FROM audit_tree_nodes;";
            await command.ExecuteNonQueryAsync();
        }
        (code, output) = await Run("audit", "verify", "--db", Db);
        Assert.Equal(VigilCli.Failed, code);
        Assert.Contains("were deleted", output, StringComparison.Ordinal);
        Assert.Contains(SharedHead, output, StringComparison.Ordinal);
    }

    private async Task WriteToAsync(string db, string user) =>
        Assert.Equal(VigilCli.Ok, (await Run("users", "create", user, "--role", "investigator", "--team", "East", "--password", "long enough password", "--db", db)).Code);

    [Theory]
    [InlineData("/srv/vigil/vigil.db", null, "/srv/vigil/audit.key", "/srv/vigil/vigil.db.audit.head")]
    [InlineData("Data Source=/srv/x/store.db;Pooling=True", null, "/srv/x/audit.key", "/srv/x/store.db.audit.head")]
    [InlineData("/srv/vigil/vigil.db", "/keys/a.key", "/keys/a.key", "/keys/vigil.db.audit.head")]
    [InlineData("Host=db;Database=vigil", "/keys/a.key", "/keys/a.key", "/keys/a.head")]
    [InlineData("Host=db;Database=vigil", null, null, null)]
    public void TheKeyFollowsTheStore_AndTheHeadIsNamedAfterIt(string database, string? configured, string? key, string? head)
    {
        var settings = new VigilSettings { Database = database, AuditKeyFile = configured };
        Assert.Equal(key, settings.ResolvedAuditKeyFile);
        Assert.Equal(head, settings.AuditHeadFile);
        Assert.Equal(key is null ? null : Path.ChangeExtension(key, ".head"), settings.SharedAuditHeadFile);
    }
}
