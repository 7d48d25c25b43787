using System.Text;
using Vigil.Linkage.Normalisation;

namespace Vigil.Web.Features.Search;

/// <summary>A search document's keys as one space-separated line, each key once in first-seen order — what
/// <c>string.Join(' ', keys.Distinct())</c> made of <see cref="SearchKeys"/>' sequences — written into one reused buffer
/// instead of a list, a hash set, an iterator per key source and a string per key (ADR 2404). The import indexes every
/// case through it. One per indexing pass; not thread-safe.</summary>
internal sealed class SearchKeyLine
{
    private readonly List<(int Start, int Length)> keys = new(32);
    private readonly StringBuilder text = new(256);
    private char[] buffer = new char[512];
    private int length;

    /// <summary>A key (nothing for null), unless the line has it already.</summary>
    public void Add(string? key)
    {
        if (key is not null) Add(key.AsSpan());
    }

    /// <summary>The key <paramref name="prefix"/> + <paramref name="value"/>, without making it as a string first.</summary>
    public void Add(string prefix, ReadOnlySpan<char> value)
    {
        var size = prefix.Length + value.Length;
        Span<char> key = size <= 256 ? stackalloc char[size] : new char[size];
        prefix.CopyTo(key);
        value.CopyTo(key[prefix.Length..]);
        Add(key);
    }

    /// <summary>The keys of <see cref="SearchKeys.ForName"/>, in its order.</summary>
    public void AddName(string? written)
    {
        if (PersonName.Parse(written) is not { } n) return;
        var surname = n.Surname.AsSpan();
        Add(SearchKeys.Surname, surname);
        if (surname.Length >= SearchKeys.ShortestVariedSurname)
        {
            Span<char> deletion = surname.Length <= 256 ? stackalloc char[surname.Length - 1] : new char[surname.Length - 1];
            for (var i = 0; i < surname.Length; i++)
            {
                surname[..i].CopyTo(deletion);
                surname[(i + 1)..].CopyTo(deletion[i..]);
                Add(SearchKeys.Surname, deletion);
            }
        }
        if (n.Initial != '\0') Add(SearchKeys.Initial, [n.Initial]);
        if (n.First is not null) Add(SearchKeys.First, n.First);
    }

    /// <summary>The keys of <see cref="SearchKeys.ForReference"/>, in its order.</summary>
    public void AddReference(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference)) return;
        var compact = SearchKeys.Compact(reference);
        if (compact.Length > 0) Add(SearchKeys.Reference, compact);
        var start = reference.Length;
        while (start > 0 && char.IsAsciiDigit(reference[start - 1])) start--;
        var tail = reference.AsSpan(start).TrimStart('0');
        if (tail.Length > 0) Add(SearchKeys.RefNumber, tail);
    }

    /// <summary>The line so far, and a fresh line for the next document.</summary>
    public string Take()
    {
        var line = new string(buffer, 0, length);
        length = 0;
        keys.Clear();
        return line;
    }

    /// <summary>The non-blank parts joined by " · " (null when none), as <c>string.Join</c> of the filtered parts.</summary>
    public string? Text(params ReadOnlySpan<string?> parts)
    {
        string? only = null;
        var count = 0;
        text.Clear();
        foreach (var part in parts)
        {
            if (string.IsNullOrWhiteSpace(part)) continue;
            if (count++ > 0) text.Append(" · ");
            text.Append(part);
            only = part;
        }
        return count switch { 0 => null, 1 => only, _ => text.ToString() };
    }

    private void Add(ReadOnlySpan<char> key)
    {
        foreach (var (start, size) in keys)
            if (buffer.AsSpan(start, size).SequenceEqual(key)) return;
        var needed = length + 1 + key.Length;
        if (needed > buffer.Length) Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
        if (keys.Count > 0) buffer[length++] = ' ';
        key.CopyTo(buffer.AsSpan(length));
        keys.Add((length, key.Length));
        length += key.Length;
    }
}
