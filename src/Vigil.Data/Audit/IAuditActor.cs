namespace Vigil.Data.Audit;

/// <summary>Who is acting, as written into the audit trail.</summary>
public interface IAuditActor
{
    string Name { get; }
}

public sealed class FixedAuditActor(string name) : IAuditActor
{
    public string Name { get; } = name;
}
