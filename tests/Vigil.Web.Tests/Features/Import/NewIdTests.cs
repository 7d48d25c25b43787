using System.Collections;
using Vigil.Data;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>ADR 3187: ids drawn from a block of random bytes keep <see cref="Guid.CreateVersion7()"/>'s layout and its
/// 74 random bits.</summary>
public sealed class NewIdTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 18, 30, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Version7_HasTheLayoutOfCreateVersion7_ForTheTimeGiven()
    {
        var expected = Guid.CreateVersion7(At).ToByteArray(bigEndian: true);
        for (var i = 0; i < 1000; i++)
        {
            var id = NewId.Version7(At);
            Assert.Equal(7, id.Version);
            var bytes = id.ToByteArray(bigEndian: true);
            Assert.Equal(expected[..6], bytes[..6]); // the time in milliseconds, big-endian
            Assert.Equal(expected[6] & 0xF0, bytes[6] & 0xF0);
            Assert.Equal(0x80, bytes[8] & 0xC0); // RFC 9562's variant, 10xx
            Assert.Equal(expected[8] & 0xC0, bytes[8] & 0xC0);
        }
    }

    [Fact]
    public void Version7_EveryRandomBitVaries_AndNoIdRepeats_AcrossSeveralBlocks()
    {
        const int count = 5000; // 409 ids a 4 KB block: about twelve refills
        var seen = new HashSet<Guid>();
        var ones = new BitArray(128);
        var zeros = new BitArray(128);
        for (var i = 0; i < count; i++)
        {
            var id = NewId.Version7(At);
            Assert.True(seen.Add(id), $"id {i} repeats");
            var bits = new BitArray(id.ToByteArray(bigEndian: true));
            ones.Or(bits);
            zeros.Or(new BitArray(bits).Not());
        }
        var random = Enumerable.Range(0, 128).Count(b => ones[b] && zeros[b]);
        Assert.Equal(74, random);
    }

    [Fact]
    public void Version7_BeforeTheEpoch_IsRefused_AsCreateVersion7() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NewId.Version7(DateTimeOffset.UnixEpoch.AddMilliseconds(-1)));
}
