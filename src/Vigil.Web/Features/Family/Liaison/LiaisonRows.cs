using System.Linq.Expressions;

namespace Vigil.Web.Features.Family.Liaison;

/// <summary>The liaison dashboard's reading of <see cref="CaseLiaison"/> (ADR 1649, 3267): the rows hold the inputs of
/// "needs attention", kept by the database's triggers; the verdict is computed here, when read, because it depends on
/// the time and on <see cref="FamilyOptions"/>. One expression: translated to SQL for the dashboard's order, compiled for
/// C#; both held case by case to <see cref="FamilyDeadlines"/> (the rule's reference) by the tests.</summary>
public static class LiaisonRows
{
    /// <summary>The rows the liaison lists show: a family file, or something that starts the contact clock (ADR 3224).
    /// A row with only a contact, a task or a submission is kept (the triggers keep every family row's case) but not listed.</summary>
    public static IQueryable<CaseLiaison> Listed(VigilDbContext db) => db.CaseLiaisons.Where(r => r.HasFile || r.FirstStartAt != null);

    /// <summary>A missed contact (<see cref="FamilyDeadlines.NextContact"/>: the latest contact older than the interval
    /// or its promise passed; never contacted, the clock's start older than the window; nothing once liaison ended), a
    /// late question, an overdue "tell the family" task, or a submission not assessed.</summary>
    public static Expression<Func<CaseLiaison, bool>> NeedsAttention(DateTime now, DeadlineRules rules)
    {
        var missed = ContactMissed(now, rules);
        Expression<Func<CaseLiaison, bool>> owed = r => r.OpenQuestionDueAt < now || r.OpenTaskDueAt < now || r.UnassessedSubmissions > 0;
        return Expression.Lambda<Func<CaseLiaison, bool>>(Expression.OrElse(missed.Body, new Rebind(owed.Parameters[0], missed.Parameters[0]).Visit(owed.Body)), missed.Parameters);
    }

    /// <summary>A family that wrote through the portal (a question still unanswered) while no contact with them is logged
    /// and liaison goes on: the family page says it is waiting (ADR 3283); the dashboard lists it after the cases that
    /// need attention and before the rest (ADR 3290). Information sent and not assessed already needs attention. Read
    /// from the questions by case, in the dashboard's statement: the row does not tell a portal question from a recorded one.</summary>
    public static Expression<Func<CaseLiaison, bool>> FamilyWaiting(VigilDbContext db)
    {
        var questions = db.FamilyQuestions;
        return r => !r.LiaisonEnded && r.LatestContactAt == null && r.OpenQuestionDueAt != null
            && questions.Any(q => q.CaseId == r.CaseId && q.AnsweredAt == null && q.Source == "portal");
    }

    /// <summary>The family's contact missed at <paramref name="now"/> (<see cref="FamilyDeadlines.NextContact"/>): the
    /// due-event sweep's part of <see cref="NeedsAttention"/>.</summary>
    public static Expression<Func<CaseLiaison, bool>> ContactMissed(DateTime now, DeadlineRules rules)
    {
        var (firstDue, everyDue) = (now - rules.FirstContactWithin, now - rules.ContactEvery);
        return r => !r.LiaisonEnded && (r.LatestContactAt != null
            ? r.LatestContactAt < everyDue || r.LatestContactNextDue < now
            : r.FirstStartAt < firstDue);
    }

    /// <summary>One lambda's parameter made another's, so two conditions are one expression EF translates.</summary>
    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    /// <summary><see cref="NeedsAttention"/> in C#, for one row.</summary>
    public static bool NeedsAttentionAt(CaseLiaison row, DateTime now, DeadlineRules rules) => NeedsAttention(now, rules).Compile()(row);

    /// <summary>Every row made again from the family tables in one transaction (`vigil liaison rebuild`, and the owed
    /// fill of a store made before the triggers). Answers how many rows there are. On PostgreSQL the family tables are
    /// held against writes first (SHARE: reads go on): a write in flight as the rebuild began made its case's row in its
    /// trigger, which the rebuild's delete, from an earlier snapshot, did not take out, so its insert failed on the key, or
    /// the rebuild read the family as it was before the write (round 57). It waits for writes in flight to commit, and
    /// new ones wait the rebuild's seconds. SQLite has one writer at a time.</summary>
    public static async Task<int> RebuildAsync(VigilDbContext db, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync(CaseLiaisonSql.PostgresHoldWrites, ct);
        await db.Database.ExecuteSqlRawAsync(CaseLiaisonSql.Rebuild, ct);
        var rows = await db.CaseLiaisons.CountAsync(ct);
        await tx.CommitAsync(ct);
        return rows;
    }

    /// <summary>The owed fill (<see cref="Data.OwedDataFixes.CaseLiaisonRows"/>), run under the migration lock.</summary>
    public static async Task<int> FillAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        return await RebuildAsync(scope.ServiceProvider.GetRequiredService<VigilDbContext>(), ct);
    }
}
