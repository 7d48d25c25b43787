using System.Linq.Expressions;

namespace Vigil.Web.Hosting;

/// <summary>Reuses one predicate written over (context, entity) in two kinds of query (ADR 2581): a query built per call,
/// where the context is the caller's (<see cref="Bind"/>), and a compiled query, where the context is the compiled
/// query's own parameter (<see cref="Inline"/>). EF cannot translate an invoked expression, so the body is copied in.</summary>
public static class ExpressionSplice
{
    /// <summary>The predicate over the entity alone, with <paramref name="db"/> in place of its context parameter (as a
    /// closure over the context would hold it: EF reads its sets as query roots).</summary>
    public static Expression<Func<TEntity, bool>> Bind<TContext, TEntity>(Expression<Func<TContext, TEntity, bool>> rule, TContext db) =>
        Expression.Lambda<Func<TEntity, bool>>(Replace(rule.Body, rule.Parameters[0], Expression.Constant(db, typeof(TContext))), rule.Parameters[1]);

    /// <summary>The predicate's body with <paramref name="db"/> and <paramref name="entity"/> in place of its parameters.</summary>
    public static Expression Inline<TContext, TEntity>(Expression<Func<TContext, TEntity, bool>> rule, Expression db, Expression entity) =>
        Replace(Replace(rule.Body, rule.Parameters[0], db), rule.Parameters[1], entity);

    private static Expression Replace(Expression body, ParameterExpression from, Expression to) => new Swap(from, to).Visit(body);

    private sealed class Swap(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
