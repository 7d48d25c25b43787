
namespace Vigil.Data.Identity;

internal sealed class UserTeamConfiguration : IEntityTypeConfiguration<UserTeam>
{
    public void Configure(EntityTypeBuilder<UserTeam> b)
    {
        b.HasKey(t => new { t.UserId, t.TeamId });
        b.HasIndex(t => t.TeamId);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.HasMaxLength(16, t => t.Prefix);
        b.HasMaxLength(64, t => t.SecretHash);
        b.HasMaxLength(100, t => t.Name);
        b.HasMaxLength(500, t => t.RevokedReason);
        b.HasIndex(t => t.SecretHash).IsUnique();
        b.HasIndex(t => t.UserId);
    }
}
