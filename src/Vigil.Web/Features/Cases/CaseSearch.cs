using System.Text;

namespace Vigil.Web.Features.Cases;

/// <summary>Filters for the case list (page and API): the shared ones, a name or reference, a team and paging. Binds
/// from the query string.</summary>
public sealed record CaseFilter : DeathFilter
{
    public string? Q { get; init; }
    public Guid? Team { get; init; }
    public string? After { get; init; }
    /// <summary>Rows per page; outside the range the request is refused (400), never silently clamped.</summary>
    [System.ComponentModel.DataAnnotations.Range(CaseSearch.MinLimit, CaseSearch.MaxLimit)]
    public int? Limit { get; init; }

    public override IEnumerable<(string Field, string Message)> Problems()
    {
        foreach (var problem in base.Problems()) yield return problem;
        if (Limit is { } limit && limit is < CaseSearch.MinLimit or > CaseSearch.MaxLimit)
            yield return ("limit", $"limit must be between {CaseSearch.MinLimit} and {CaseSearch.MaxLimit} (it was {limit}).");
    }
}

public sealed record CaseListItem(
    Guid Id, string Reference, string Source, string SourceRef, string? Name, int? Age, string? Sex, DateTime FoundAt,
    string? Area, string? Setting, string Classification, string? Team, OfficerRef? OfficerInCharge = null);

public sealed record CasePage(IReadOnlyList<CaseListItem> Items, string? Next);

/// <summary>The case list query: newest first, keyset paging on (found_at, reference) so page 1,000 costs what page 1
/// does on a million cases; no total count (counting a million rows per page view is the slow part). ADR 0005.</summary>
public static class CaseSearch
{
    public const int DefaultLimit = 50;
    public const int MinLimit = 1;
    public const int MaxLimit = 200;

    public static async Task<CasePage> RunAsync(IQueryable<DeathCase> visible, CaseFilter f, CancellationToken ct)
    {
        var limit = Math.Clamp(f.Limit ?? DefaultLimit, MinLimit, MaxLimit); // the API and page refuse other values first
        var q = Apply(visible, f);
        if (DecodeCursor(f.After) is var (foundAt, reference))
#pragma warning disable CA1309 // EF translates string.Compare(a, b) to SQL '<' on the column; the ordinal overload is not translatable.
            q = q.Where(c => c.FoundAt < foundAt || (c.FoundAt == foundAt && string.Compare(c.Reference, reference) < 0));
#pragma warning restore CA1309
        var rows = await q.OrderByDescending(c => c.FoundAt).ThenByDescending(c => c.Reference)
            .Take(limit + 1)
            .Select(c => new CaseListItem(c.Id, c.Reference, c.Source, c.SourceRef, c.Deceased.Name, c.Deceased.Age, c.Deceased.Sex,
                c.FoundAt, c.Area, c.Setting, c.Classification, c.Team!.Name,
                c.OfficerInChargeId == null ? null : new OfficerRef(c.OfficerInChargeId, c.OfficerInCharge!.DisplayName)))
            .AsNoTracking().ToListAsync(ct);
        var next = rows.Count > limit ? EncodeCursor(rows[limit - 1].FoundAt, rows[limit - 1].Reference) : null;
        return new CasePage(rows.Take(limit).ToList(), next);
    }

#pragma warning disable CA1309 // string.Compare(a, b) is what EF translates to SQL comparison operators.
    public static IQueryable<DeathCase> Apply(IQueryable<DeathCase> q, CaseFilter f)
    {
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var term = f.Q.Trim();
            if (LooksLikeReference(term))
                q = q.Where(c => c.Reference == term || c.SourceRef == term);
            else
            {
                var name = CaseRecordMapper.SearchName(term);
                q = q.Where(c => c.Deceased.NameSearch!.StartsWith(name));
                // LIKE 'x%' cannot use the index on either store (case-insensitive in SQLite, collation in PostgreSQL);
                // the equivalent range [x, x+1) can. StartsWith above stays as the exact test.
                if (UpperBound(name) is { } upper)
                    q = q.Where(c => string.Compare(c.Deceased.NameSearch, name) >= 0 && string.Compare(c.Deceased.NameSearch, upper) < 0);
            }
        }
        if (f.Team is { } team) q = q.Where(c => c.TeamId == team);
        return Apply(q, (DeathFilter)f);
    }

    /// <summary>The filters the case list shares with the map and the GeoJSON export.</summary>
    public static IQueryable<DeathCase> Apply(IQueryable<DeathCase> q, DeathFilter f)
    {
        if (!string.IsNullOrWhiteSpace(f.Area)) q = q.Where(c => c.Area == f.Area);
        if (!string.IsNullOrWhiteSpace(f.Classification)) q = q.Where(c => c.Classification == f.Classification);
        if (!string.IsNullOrWhiteSpace(f.Setting)) q = q.Where(c => c.Setting == f.Setting);
        if (f.From is { } from) { var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc); q = q.Where(c => c.FoundAt >= start); }
        if (f.To is { } to) { var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc); q = q.Where(c => c.FoundAt < end); }
        return q;
    }

    /// <summary>The smallest string above every string starting with <paramref name="prefix"/> (names are simplified to a-z, 0-9).</summary>
    private static string? UpperBound(string prefix) =>
        prefix.Length > 0 && prefix[^1] is >= 'a' and < 'z' or >= '0' and < '9' ? prefix[..^1] + (char)(prefix[^1] + 1) : null;

#pragma warning restore CA1309

    private static bool LooksLikeReference(string term) =>
        term.Any(char.IsAsciiDigit) && term.Contains('-', StringComparison.Ordinal);

    public static string EncodeCursor(DateTime foundAt, string reference) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{foundAt.Ticks}|{reference}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (DateTime, string)? DecodeCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|', 2);
            return (new DateTime(long.Parse(parts[0], CultureInfo.InvariantCulture), DateTimeKind.Utc), parts[1]);
        }
        catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new BadCursorException();
        }
    }
}

public sealed class BadCursorException() : Exception("The paging cursor is not valid; start again from the first page.");
