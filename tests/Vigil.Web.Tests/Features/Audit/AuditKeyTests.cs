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

    private async Task WriteSomethingAsync(string user = "ivy") =>
        Assert.Equal(VigilCli.Ok, (await Run("users", "create", user, "--role", "investigator", "--team", "East", "--password", "long enough password", "--db", Db)).Code);

    [Fact]
    public async Task TheKeyIsCreatedBesideTheSqliteStore_AndVerifyFindsItThere()
    {
        await WriteSomethingAsync();
        Assert.True(File.Exists(Key), "the key should be beside the store");
        Assert.True(File.Exists(Path.Combine(Store, "audit.head")), "the head record should be beside the key");
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
        if (!keepHeadRecord) File.Delete(Path.Combine(Store, "audit.head"));
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
        File.Delete(Path.Combine(Store, "audit.head"));
        Assert.Equal(VigilCli.Ok, (await Run("audit", "verify", "--db", Db)).Code);
        (code, output) = await Run("audit", "verify", "--against", checkpoint, "--db", Db);
        Assert.Equal(VigilCli.Failed, code);
        Assert.Contains("truncated", output, StringComparison.Ordinal);
        Assert.Equal(VigilCli.Usage, (await Run("audit", "verify", "--against", Path.Combine(folder, "missing"), "--db", Db)).Code);
    }

    [Theory]
    [InlineData("/srv/vigil/vigil.db", null, "/srv/vigil/audit.key")]
    [InlineData("Data Source=/srv/x/store.db;Pooling=True", null, "/srv/x/audit.key")]
    [InlineData("/srv/vigil/vigil.db", "/keys/a.key", "/keys/a.key")]
    [InlineData("Host=db;Database=vigil", "/keys/a.key", "/keys/a.key")]
    [InlineData("Host=db;Database=vigil", null, null)]
    public void TheKeyFollowsTheStore(string database, string? configured, string? expected)
    {
        var settings = new VigilSettings { Database = database, AuditKeyFile = configured };
        Assert.Equal(expected, settings.ResolvedAuditKeyFile);
        Assert.Equal(expected is null ? null : Path.ChangeExtension(expected, ".head"), settings.AuditHeadFile);
    }
}
