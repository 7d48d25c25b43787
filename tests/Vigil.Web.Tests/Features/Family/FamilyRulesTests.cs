using Vigil.Data.Family;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Family.Portal;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>The deadline and flagging rules, and the upload naming and sniffing rules, as pure functions.</summary>
public sealed class FamilyRulesTests
{
    private static readonly DeadlineRules Rules = new(TimeSpan.FromHours(24), TimeSpan.FromDays(7));
    private static readonly DateTime Identified = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly FirstContactClock File = new(Identified, LiaisonEnded: false);

    [Fact]
    public void FirstContact_IsDue24HoursAfterIdentification_AndMissedAfterThat()
    {
        var due = FamilyDeadlines.NextContact(File, [], Identified.AddHours(23), Rules)!;
        Assert.Equal(Identified.AddHours(24), due.DueAt);
        Assert.False(due.Missed);
        Assert.True(FamilyDeadlines.NextContact(File, [], Identified.AddHours(24).AddMinutes(1), Rules)!.Missed);
    }

    [Fact]
    public void NoClock_BeforeAnythingStartsIt_OrAfterLiaisonEnds()
    {
        Assert.Null(FamilyDeadlines.NextContact(FirstContactClock.NotStarted, [], Identified, Rules));
        Assert.Null(FamilyDeadlines.NextContact(new FirstContactClock(Identified, LiaisonEnded: true), [], Identified.AddDays(30), Rules));
        // Ended liaison stops the weekly contacts as well (ADR 0301).
        Assert.Null(FamilyDeadlines.NextContact(new FirstContactClock(Identified, LiaisonEnded: true), [new FamilyContact { At = Identified }], Identified.AddDays(30), Rules));
    }

    [Fact]
    public void AfterAContact_TheNextIsDueWithinSevenDays_OrEarlierIfPromised()
    {
        var contact = new FamilyContact { At = Identified.AddHours(5) };
        var weekly = FamilyDeadlines.NextContact(File, [contact], Identified.AddDays(7), Rules)!;
        Assert.Equal(contact.At.AddDays(7), weekly.DueAt);
        Assert.False(weekly.Missed);
        Assert.True(FamilyDeadlines.NextContact(File, [contact], contact.At.AddDays(7).AddSeconds(1), Rules)!.Missed);
        contact.NextContactDue = contact.At.AddDays(2);
        Assert.Equal(contact.At.AddDays(2), FamilyDeadlines.NextContact(File, [contact], Identified, Rules)!.DueAt);
        contact.NextContactDue = contact.At.AddDays(20); // a later promise does not stretch the weekly rule
        Assert.Equal(contact.At.AddDays(7), FamilyDeadlines.NextContact(File, [contact], Identified, Rules)!.DueAt);
    }

    [Fact]
    public void FirstContactMadeLate_IsRemembered()
    {
        Assert.True(FamilyDeadlines.FirstContactWasLate(File, [new FamilyContact { At = Identified.AddHours(30) }], Rules));
        Assert.False(FamilyDeadlines.FirstContactWasLate(File, [new FamilyContact { At = Identified.AddHours(3) }], Rules));
        // Nothing started the clock (ADR 3224: nothing recorded of the family before the contact): never late.
        Assert.False(FamilyDeadlines.FirstContactWasLate(FirstContactClock.NotStarted, [new FamilyContact { At = Identified.AddDays(300) }], Rules));
    }

    [Fact]
    public void Questions_AreOpen_Late_Answered_OrAnsweredLate()
    {
        var q = new FamilyQuestion { DueAt = Identified };
        Assert.Equal(QuestionState.Open, FamilyDeadlines.StateOf(q, Identified.AddMinutes(-1)));
        Assert.Equal(QuestionState.Late, FamilyDeadlines.StateOf(q, Identified.AddMinutes(1)));
        q.AnsweredAt = Identified.AddMinutes(-5);
        Assert.Equal(QuestionState.Answered, FamilyDeadlines.StateOf(q, Identified.AddDays(9)));
        q.AnsweredAt = Identified.AddDays(1);
        Assert.Equal(QuestionState.AnsweredLate, FamilyDeadlines.StateOf(q, Identified.AddDays(9)));
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\x\\evil.txt", "evil.txt")]
    [InlineData("<script>alert(1)</script>.png", "script_.png")]
    [InlineData("\u202Egnp.exe", "_gnp.exe")]
    [InlineData("...", "file")]
    [InlineData(".htaccess", "htaccess")]
    public void HostileFileNames_AreNeutralised(string given, string expected) => Assert.Equal(expected, UploadStore.DisplayName(given));

    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "application/pdf")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "image/jpeg")]
    [InlineData(new byte[] { 0x68, 0x69, 0x0A }, "text/plain")]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00 }, null)]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04 }, null)]
    [InlineData(new byte[] { 0xC3, 0x28 }, null)]
    public void FileTypes_AreDecidedByTheirBytes(byte[] head, string? expected) => Assert.Equal(expected, UploadStore.Sniff(head));
}
