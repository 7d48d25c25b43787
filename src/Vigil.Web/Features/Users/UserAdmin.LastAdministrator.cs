namespace Vigil.Web.Features.Users;

/// <summary>"Never lock the force out of its own administration": nobody disables themselves, and the last active
/// administrator is neither disabled nor loses the role. A rule across rows, held by a lock (ADR 3258).</summary>
public sealed partial class UserAdmin
{
    /// <summary>Why this account may not be disabled by <paramref name="actingUserName"/>, or null when it may.</summary>
    public async Task<string?> WhyNotDisableAsync(VigilUser user, string? actingUserName) =>
        string.Equals(user.UserName, actingUserName, StringComparison.OrdinalIgnoreCase) ? "You cannot disable your own account. Ask another administrator."
        : !user.Disabled && await IsLastActiveAdministratorAsync(user) ? LastAdministrator(user)
        : null;

    private static string LastAdministrator(VigilUser user) =>
        $"{user.UserName} is the last active administrator: give another user the administrator role first.";

    /// <summary>True when <paramref name="user"/> is an enabled administrator and no other enabled user is one. One
    /// statement of columns, never the tracker's users: an administrator loaded earlier in this request (the sign-in's own
    /// checks) would come back as first read, missing a disabling committed since (ADR 3258).</summary>
    public async Task<bool> IsLastActiveAdministratorAsync(VigilUser user)
    {
        var admins = await db.UserRoles.Join(db.Roles.Where(r => r.Name == Roles.Administrator), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId)
            .Join(db.Users, id => id, u => u.Id, (_, u) => new { u.Id, u.Disabled }).ToListAsync();
        return admins.Any(a => a.Id == user.Id) && !admins.Any(a => a.Id != user.Id && !a.Disabled);
    }

    /// <summary>Runs <paramref name="change"/>, its check of the rule and its writes, in one transaction that holds the
    /// administrators' lock from before the check to the commit when <paramref name="held"/> (the change could take an
    /// administrator away). Two administrators disabling each other at once both read "another one is active" and both
    /// wrote, leaving none (ADR 3258): now the second waits, then reads the first's change and is refused. PostgreSQL: a
    /// transaction-level advisory lock (<see cref="StoreLocks.AdministratorsAsync"/>); SQLite: the transaction's BEGIN
    /// IMMEDIATE takes the store's one write lock, which serialises the same way. A refusal thrown by the check rolls the
    /// transaction back with nothing written.</summary>
    private async Task AdministratorsHeldAsync(Func<Task> change, bool held)
    {
        if (!held || db.Database.CurrentTransaction is not null)
        {
            if (held) await StoreLocks.AdministratorsAsync(db, CancellationToken.None);
            await change();
            return;
        }
        await using var tx = await db.Database.BeginTransactionAsync();
        // No savepoint around each of the change's saves (Identity's and the tokens'): a failed one throws and the whole
        // transaction rolls back, so they would guard nothing and cost two round trips a save (as ADR 2434 found).
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await StoreLocks.AdministratorsAsync(db, CancellationToken.None);
            await change();
            await tx.CommitAsync();
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = true;
        }
    }
}
