using System.Linq.Expressions;

namespace Vigil.Web.Features.Audit;

/// <summary>The names behind an audit actor, read in the statement that reads the entries (ADR 3225): the full name of the
/// user ("user:{id}:{login}", or the owner of the token "token:{token id}:{user id}:{login}") while that user still has the
/// login recorded, and the token's name.</summary>
public sealed record ActorNames(string? UserName, string? TokenName);

/// <summary>Who did an audited thing, in words (ADRs 3218, 3225): "DC Ivy Example (investigator)", "API token 'force-feed'
/// of DC Ivy Example (investigator)", "command line, as 'root'", where the pages showed a bare actor string. The actor as
/// recorded stays beside it: its login or operating-system user in the words, the whole string in the page's title.</summary>
public static class AuditActor
{
    public static string Say(string actor, ActorNames? names = null)
    {
        var parts = actor.Split(':');
        return parts[0] switch
        {
            "user" when parts.Length >= 3 => Person(actor, names),
            "token" when parts.Length >= 4 => (names?.TokenName is { Length: > 0 } token ? $"API token '{token}' of " : "API token of ")
                + Person(actor, names),
            "cli" when parts.Length >= 2 => $"command line, as '{actor[4..]}'",
            "system" when parts.Length >= 2 => Itself.GetValueOrDefault(actor, $"Vigil itself ({actor[7..].Replace('-', ' ')})"),
            "family" => Cases.AuditItem.FamilyActor,
            "anonymous" => "someone not signed in",
            _ => actor,
        };
    }

    // The login is what follows the last colon (a login holds none: ASP.NET Identity's allowed characters).
    private static string Person(string actor, ActorNames? names) =>
        actor[(actor.LastIndexOf(':') + 1)..] is var login && names?.UserName is { Length: > 0 } name && name != login ? $"{name} ({login})" : login;

    private static readonly Dictionary<string, string> Itself = new(StringComparer.Ordinal)
    {
        [Enquiries.Rules.RulesApply.Actor] = "command line, rules apply",
        [Verification.AuditVerificationRunner.Actor] = "Vigil's audit verification run",
        [Family.DuplicateDeployments.Actor] = "Vigil's data repair after an upgrade",
    };

    /// <summary>Stands for <see cref="Names"/> inside a query passed through <see cref="Inline{T}"/>; never called.</summary>
    public static ActorNames Of(VigilDbContext db, string actor) =>
        throw new InvalidOperationException("AuditActor.Of is only a placeholder inside a query passed through AuditActor.Inline.");

    /// <summary>The names as two scalar subqueries on the users' and the tokens' keys (a user id's 36 characters), so the
    /// statement that reads the entries reads them too: no statement more on the case page (its budget, ADR 3218). A
    /// token's id is matched with LIKE, which SQLite (a Guid kept as upper-case text) does without case and PostgreSQL
    /// (uuid as lower-case text, as the actor has it) with.</summary>
    private static readonly Expression<Func<VigilDbContext, string, ActorNames>> Names = (db, actor) => new ActorNames(
        db.Users.Where(u => u.Id == (actor.Substring(0, 6) == "token:" ? actor.Substring(43, 36) : actor.Substring(5, 36))
                && actor == (actor.Substring(0, 6) == "token:" ? actor.Substring(0, 43) : "user:") + u.Id + ":" + u.UserName)
            .Select(u => u.DisplayName).FirstOrDefault(),
        db.ApiTokens.Where(t => actor.Substring(0, 6) == "token:" && t.UserId == actor.Substring(43, 36)
                && EF.Functions.Like(t.Id.ToString(), actor.Substring(6, 36)))
            .Select(t => t.Name).FirstOrDefault());

    /// <summary>The query with every <see cref="Of"/> replaced by the subqueries, so one definition serves compiled and
    /// ordinary queries alike.</summary>
    public static Expression<T> Inline<T>(Expression<T> query) => (Expression<T>)new Inliner().Visit(query);

    /// <summary>The actors of the entries numbered <paramref name="sequences"/> (one entry per actor is enough) with
    /// their names, in one statement: for pages that hold entries read for another purpose (the as-known replay, a
    /// finding's evidence).</summary>
    public static async Task<SaidActors> OfEntriesAsync(VigilDbContext db, IEnumerable<long> sequences, CancellationToken ct)
    {
        var wanted = sequences.Distinct().ToList();
        if (wanted.Count == 0) return SaidActors.None;
        var rows = await db.AuditEntries.AsNoTracking().Where(e => wanted.Contains(e.Sequence))
            .Select(Inline<Func<AuditEntry, Named>>(e => new Named(e.Actor, Of(db, e.Actor)))).ToListAsync(ct);
        return new SaidActors(rows.DistinctBy(r => r.Actor).ToDictionary(r => r.Actor, r => r.Names, StringComparer.Ordinal));
    }

    private sealed record Named(string Actor, ActorNames Names);

    private sealed class Inliner : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType != typeof(AuditActor) || node.Method.Name != nameof(Of)) return base.VisitMethodCall(node);
            var args = node.Arguments.Select(Visit).ToList();
            return new Replace(Names.Parameters[0], args[0]!, Names.Parameters[1], args[1]!).Visit(Names.Body);
        }
    }

    private sealed class Replace(ParameterExpression db, Expression dbWith, ParameterExpression actor, Expression actorWith) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == db ? dbWith : node == actor ? actorWith : node;
    }
}

/// <summary>Actors with the names read for them, said as <see cref="AuditActor.Say"/> says them.</summary>
public sealed class SaidActors(Dictionary<string, ActorNames> names)
{
    public static readonly SaidActors None = new([]);

    public string Say(string actor) => AuditActor.Say(actor, names.GetValueOrDefault(actor));

    /// <summary>The entries of each actor once, oldest first: what <see cref="AuditActor.OfEntriesAsync"/> needs.</summary>
    public static IEnumerable<long> OnePerActor(IEnumerable<(string Actor, long Sequence)> entries) =>
        entries.DistinctBy(e => e.Actor).Select(e => e.Sequence);
}
