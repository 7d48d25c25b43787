using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;

namespace Vigil.Data.Operations;

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> b) => b.ToTable("data_protection_keys");
}
