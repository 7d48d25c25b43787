using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Vigil.Data.People;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.ToTable("people");
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.MatchKey).HasMaxLength(240);
        b.HasIndex(p => p.MatchKey).IsUnique();
    }
}

internal sealed class PhoneConfiguration : IEntityTypeConfiguration<Phone>
{
    public void Configure(EntityTypeBuilder<Phone> b)
    {
        b.ToTable("phones");
        b.Property(p => p.Number).HasMaxLength(32);
        b.HasIndex(p => p.Number).IsUnique();
    }
}

internal sealed class AddressConfiguration : IEntityTypeConfiguration<Address>
{
    public void Configure(EntityTypeBuilder<Address> b)
    {
        b.ToTable("addresses");
        b.Property(a => a.Text).HasMaxLength(400);
        b.Property(a => a.MatchKey).HasMaxLength(400);
        b.HasIndex(a => a.MatchKey).IsUnique();
    }
}

internal sealed class CasePersonConfiguration : IEntityTypeConfiguration<CasePerson>
{
    public void Configure(EntityTypeBuilder<CasePerson> b)
    {
        b.ToTable("case_people");
        b.Property(p => p.Role).HasMaxLength(32);
        b.Property(p => p.NameAsWritten).HasMaxLength(200);
        b.Property(p => p.PhoneAsWritten).HasMaxLength(64);
        b.Property(p => p.AddressAsWritten).HasMaxLength(400);
        b.HasOne(p => p.Person).WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.Phone).WithMany().HasForeignKey(p => p.PhoneId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.Address).WithMany().HasForeignKey(p => p.AddressId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => new { p.PersonId, p.Role });
        b.HasIndex(p => p.PhoneId);
    }
}
