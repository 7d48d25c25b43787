namespace Vigil.Linkage.Index;

/// <summary>Walks of a blocking key's postings that <see cref="LinkageOptions.MaxPostingsPerKey"/> stopped while deaths of
/// the key's window were still unread, and the distinct keys so cut: what the cap costs, measured (ADR 3173).</summary>
public sealed class PostingCapCount
{
    private readonly HashSet<long> _keys = [];

    /// <summary>Candidate walks cut (one a key a death).</summary>
    public long CandidateWalks { get; private set; }

    /// <summary>Surveillance walks cut (a person's earlier deaths, one a key a person a death).</summary>
    public long SurveillanceWalks { get; private set; }

    /// <summary>Distinct keys cut at least once, by either walk.</summary>
    public int Keys => _keys.Count;

    /// <summary>Walks cut, of either kind.</summary>
    public long Walks => CandidateWalks + SurveillanceWalks;

    internal void Cut(long key, bool candidates)
    {
        if (candidates) CandidateWalks++;
        else SurveillanceWalks++;
        _keys.Add(key);
    }
}
