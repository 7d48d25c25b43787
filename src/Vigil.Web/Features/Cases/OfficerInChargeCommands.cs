namespace Vigil.Web.Features.Cases;

/// <summary>Names a case's officer in charge (ADR 1401): one of the officers the case's action picker offers, never free
/// text. Not a change of the death record, so the save runs no enquiry rules, linkage or search rewrite; it is gated,
/// versioned and audited (old and new user id) like any other change to the case.</summary>
public sealed class OfficerInChargeCommands(VigilDbContext db, CaseOfficers officers, CaseCommands cases, TimeProvider clock)
{
    /// <summary>Who is in charge of a case from its creation: the investigator who reported it. A supervisor's or an
    /// import's new case has no officer in charge until a supervisor names one (ADR 1401).</summary>
    public static string? DefaultFor(ClaimsPrincipal creator) =>
        creator.IsInRole(Roles.Investigator) ? creator.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    /// <summary>Makes <paramref name="userId"/> (null or empty: nobody) the officer in charge of a case read at
    /// <paramref name="expectedVersion"/>. The caller has checked <c>CaseAccess.CanNameOfficerInChargeAsync</c>.</summary>
    public async Task<Refusal?> NameAsync(DeathCase c, string? userId, int expectedVersion, CancellationToken ct)
    {
        if (c.Version != expectedVersion) return CaseCommands.Stale;
        if (await cases.RefuseEditAsync(c, ct) is { } refused) return refused;
        var chosen = string.IsNullOrWhiteSpace(userId) ? null : (await officers.ForCaseAsync(c.Id, ct)).FirstOrDefault(o => o.UserId == userId.Trim());
        if (!string.IsNullOrWhiteSpace(userId) && chosen is null)
            return Refusal.Invalid("Choose the officer in charge from the list: an active investigator or supervisor of the case's team, or one granted the case.");
        if (chosen?.UserId == c.OfficerInChargeId) return null;
        c.OfficerInChargeId = chosen?.UserId;
        c.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        c.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CaseCommands.Stale;
        }
        await db.Entry(c).Reference(x => x.OfficerInCharge).LoadAsync(ct);
        return null;
    }
}
