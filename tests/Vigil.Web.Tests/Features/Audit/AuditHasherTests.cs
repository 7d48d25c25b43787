using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vigil.Data.Audit;

namespace Vigil.Web.Tests.Features.Audit;

public sealed class AuditHasherTests
{
    private static readonly AuditHasher Hasher = new(new byte[32]);

    private static AuditEntry Entry(string changes = "{}", string actor = "user:1:ivy") => new()
    {
        Sequence = 7, At = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), Actor = actor, Action = "update",
        EntityType = "DeathCase", EntityId = "abc", CaseId = Guid.Empty, Changes = changes, PreviousHash = "prev",
    };

    [Fact]
    public void DifferentKey_GivesDifferentHash() =>
        Assert.NotEqual(Hasher.Hash(Entry()), new AuditHasher(Enumerable.Repeat((byte)1, 32).ToArray()).Hash(Entry()));

    [Fact]
    public void SubMicrosecondTicks_DoNotChangeTheHash_BecausePostgresDropsThem()
    {
        var a = Entry();
        var b = Entry();
        b.At = b.At.AddTicks(7);
        Assert.Equal(Hasher.Hash(a), Hasher.Hash(b));
    }

    [Property]
    public Property AnyChangeToContent_ChangesTheHash(NonNull<string> changes) =>
        (changes.Get == "{}" || Hasher.Hash(Entry(changes.Get)) != Hasher.Hash(Entry())).ToProperty();

    [Property]
    public Property FieldsCannotImpersonateEachOther(NonNull<string> a, NonNull<string> b)
    {
        // Moving text from one field to the next must not produce the same canonical form.
        var x = Entry(changes: a.Get + b.Get, actor: "u");
        var y = Entry(changes: b.Get, actor: "u" + a.Get);
        return (a.Get.Length == 0 || AuditHasher.Canonical(x) != AuditHasher.Canonical(y)).ToProperty();
    }
}

public sealed class AuditHasherSessionTests
{
    [Property]
    public Property Session_AgreesWithHash(NonNull<string> changes, NonNull<string> actor)
    {
        var hasher = new AuditHasher(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var entry = new AuditEntry { Sequence = 3, At = DateTime.UnixEpoch, Actor = actor.Get, Action = "view", EntityType = "T", EntityId = "1", Changes = changes.Get, PreviousHash = "p" };
        entry.Hash = hasher.Hash(entry);
        using var session = hasher.StartSession();
        var tampered = new AuditEntry { Sequence = 3, At = DateTime.UnixEpoch, Actor = actor.Get + "x", Action = "view", EntityType = "T", EntityId = "1", Changes = changes.Get, PreviousHash = "p", Hash = entry.Hash };
        return (session.Matches(entry) && !session.Matches(tampered)).ToProperty();
    }

    [Property]
    public Property SessionHash_EqualsHash_ForAnyText(NonNull<string> changes, NonNull<string> actor, NonNull<string> previous, long sequence, bool withCase)
    {
        var hasher = new AuditHasher(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());
        using var session = hasher.StartSession();
        var entries = new[] { changes.Get, changes.Get + "é—😀", "" }.Select(c => new AuditEntry
        {
            Sequence = sequence, At = new DateTime(2026, 12, 1, 13, 0, 0, DateTimeKind.Utc).AddTicks(Math.Abs(sequence % 10_000_000)),
            Actor = actor.Get, Action = "create", EntityType = "DeathCase", EntityId = "x/1", CaseId = withCase ? Guid.CreateVersion7() : null,
            Changes = c, PreviousHash = previous.Get,
        });
        // One session over several entries: the reused buffer must not carry one entry's bytes into the next.
        return entries.All(e => session.Hash(e) == hasher.Hash(e)).ToProperty();
    }
}
