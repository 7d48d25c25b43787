namespace Vigil.Data.Identity;

/// <summary>Sign-in attempts from one client address in one clock minute. Counted in the store so that every node of
/// a cluster enforces one limit (ADR 1624): counted in each node's memory, an attacker spraying passwords got the limit
/// once per node behind the proxy.</summary>
public class SignInWindow
{
    public string Address { get; set; } = "";

    /// <summary>Minutes since the Unix epoch (UTC): a number compares alike on both stores, a timestamp's text does not.</summary>
    public long Minute { get; set; }

    public int Attempts { get; set; }
}

internal sealed class SignInWindowConfiguration : IEntityTypeConfiguration<SignInWindow>
{
    public void Configure(EntityTypeBuilder<SignInWindow> b)
    {
        b.HasKey(w => new { w.Address, w.Minute });
        b.HasIndex(w => w.Minute); // the sweep of past minutes
    }
}
