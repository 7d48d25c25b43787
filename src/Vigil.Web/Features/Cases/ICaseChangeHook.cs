using Vigil.Data;
using Vigil.Data.Cases;

namespace Vigil.Web.Features.Cases;

public enum CaseChangeKind { Created, Edited, Imported }

/// <summary>How other capabilities react to a case being created, edited or imported: enquiry rules raise actions
/// in the same transaction (<see cref="BeforeSaveAsync"/>); linkage compares after the save.</summary>
public interface ICaseChangeHook
{
    Task BeforeSaveAsync(VigilDbContext db, IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct) => Task.CompletedTask;

    Task AfterSaveAsync(IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct) => Task.CompletedTask;
}
