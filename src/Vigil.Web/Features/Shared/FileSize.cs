namespace Vigil.Web.Features.Shared;

/// <summary>A file's size as an officer reads it. Whole kilobytes rounded down said a family's one-page letter of 72
/// bytes was "0 KB", an empty file to the officer who must assess it (walk61 finding 3): under a kilobyte the bytes are
/// counted, above it the size is rounded up, so no file that holds anything reads as nothing.</summary>
public static class FileSize
{
    public static string Of(long bytes) => bytes switch
    {
        < 1024 => Plural.Count(bytes, "byte", "bytes"),
        < 1024 * 1024 => Plural.Count((bytes + 1023) / 1024, "KB", "KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(bytes / 104857.6) / 10:0.0} MB"),
    };
}
