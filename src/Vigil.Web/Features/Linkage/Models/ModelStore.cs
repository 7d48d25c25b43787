using System.Security.Cryptography;
using System.Text;
using Vigil.Linkage.Model;

namespace Vigil.Web.Features.Linkage.Models;

/// <summary>The model a node's index scores with, and where it came from: the store's current model, the file of
/// Vigil:Linkage:ModelPath, or the model Vigil ships. Its id is the SHA-256 of its JSON (ADR 3153).</summary>
public sealed record ModelInUse(string Sha256, LinkageModel Model, string Source)
{
    /// <summary>The first 12 hex characters of the id: what pages, logs and stored explanations show.</summary>
    public string ShortId => ModelStore.ShortId(Sha256);
}

/// <summary>Linkage models published to the store (ADR 3153): the latest is the one every node scores with.</summary>
public static class ModelStore
{
    public const string FromStore = "store";
    public const string BuiltIn = "built-in";

    public static DbSet<PublishedModel> Models(this VigilDbContext db) => db.Set<PublishedModel>();

    public static string Sha256Of(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    public static string ShortId(string sha256) => sha256[..Math.Min(12, sha256.Length)];

    private static readonly Lazy<string> DefaultJson = new(LinkageModel.DefaultJson);

    /// <summary>The id of the model Vigil ships.</summary>
    public static string DefaultSha256 { get; } = Sha256Of(DefaultJson.Value);

    /// <summary>The current model: the latest published, or null when none has been.</summary>
    public static Task<PublishedModel?> CurrentAsync(VigilDbContext db, CancellationToken ct) =>
        db.Models().AsNoTracking().OrderByDescending(m => m.PublishedAt).ThenByDescending(m => m.Id).FirstOrDefaultAsync(ct);

    /// <summary>The current model's id, or null when none has been published.</summary>
    public static Task<string?> CurrentSha256Async(VigilDbContext db, CancellationToken ct) =>
        db.Models().OrderByDescending(m => m.PublishedAt).ThenByDescending(m => m.Id).Select(m => m.Sha256).FirstOrDefaultAsync(ct);

    /// <summary>Every publication, latest (current) first, without the models' JSON.</summary>
    public static Task<List<PublishedModel>> HistoryAsync(VigilDbContext db, CancellationToken ct) =>
        db.Models().AsNoTracking().OrderByDescending(m => m.PublishedAt).ThenByDescending(m => m.Id)
            .Select(m => new PublishedModel { Id = m.Id, Sha256 = m.Sha256, TrainedOn = m.TrainedOn, Note = m.Note, PublishedAt = m.PublishedAt, PublishedBy = m.PublishedBy })
            .ToListAsync(ct);

    /// <summary>Makes <paramref name="json"/> the current model of every node, as the context's actor, audited. A file
    /// that is not a model is refused (<see cref="InvalidDataException"/> or <see cref="JsonException"/>, naming the line or
    /// field) before anything is written. Publishing the current model again changes nothing and returns it.</summary>
    public static async Task<PublishedModel> PublishAsync(VigilDbContext db, string json, string? note, DateTime now, CancellationToken ct)
    {
        var model = LinkageModel.FromJson(json);
        var sha = Sha256Of(json);
        var current = await CurrentAsync(db, ct);
        if (current?.Sha256 == sha) return current;
        var row = new PublishedModel
        {
            Sha256 = sha, Json = json, TrainedOn = Truncate(model.TrainedOn, 400), Note = Truncate(note?.Trim() ?? "", 2000),
            PublishedAt = After(current?.PublishedAt, now), PublishedBy = db.Actor.Name,
        };
        db.Models().Add(row);
        await db.SaveChangesAsync(ct);
        return row;
    }

    /// <summary>The model to build an index with: the store's current one; else the ModelPath file, published to the
    /// store as its first model so that every other node takes it too; else the model Vigil ships (ADR 3153).</summary>
    public static async Task<ModelInUse> ForBuildAsync(VigilDbContext db, string? modelPath, DateTime now, CancellationToken ct)
    {
        var current = await CurrentAsync(db, ct);
        if (current is null && !string.IsNullOrWhiteSpace(modelPath))
        {
            db.ActAs($"linkage engine on {Environment.MachineName} (Vigil:Linkage:ModelPath)");
            current = await PublishAsync(db, await File.ReadAllTextAsync(modelPath, ct), $"seeded from {Path.GetFileName(modelPath)}", now, ct);
        }
        return current is null
            ? new ModelInUse(DefaultSha256, LinkageModel.FromJson(DefaultJson.Value), BuiltIn)
            : new ModelInUse(current.Sha256, LinkageModel.FromJson(current.Json), FromStore);
    }

    /// <summary>The audit chain's head and the current model's id, in one statement: what each catch-up asks first
    /// (ADR 2281, 3153), so noticing a new model costs a node no extra round trip.</summary>
    public static async Task<(long AuditHead, string? Model)> HeadsAsync(VigilDbContext db, CancellationToken ct)
    {
        var row = (await db.Database.SqlQueryRaw<Heads>(
            """SELECT (SELECT MAX("Sequence") FROM audit_entries) AS "Audit", (SELECT "Sha256" FROM linkage_models ORDER BY "PublishedAt" DESC, "Id" DESC LIMIT 1) AS "Model" """)
            .ToListAsync(ct))[0];
        return (row.Audit ?? 0, row.Model);
    }

    private sealed class Heads
    {
        public long? Audit { get; set; }
        public string? Model { get; set; }
    }

    /// <summary>Now, but after the current model's time whatever this machine's clock says, so the latest published is
    /// always the current one; whole microseconds, as PostgreSQL keeps them.</summary>
    private static DateTime After(DateTime? last, DateTime now)
    {
        now = new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc);
        return last is { } l && now <= l ? DateTime.SpecifyKind(l.AddMilliseconds(1), DateTimeKind.Utc) : now;
    }

    private static string Truncate(string s, int length) => s.Length <= length ? s : s[..length];
}
