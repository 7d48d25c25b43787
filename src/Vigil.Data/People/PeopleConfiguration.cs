
namespace Vigil.Data.People;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.ToTable("people");
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.MatchKey).HasMaxLength(240);
        b.HasIndex(p => p.MatchKey).IsUnique();
        b.HasOne<Person>().WithMany().HasForeignKey(p => p.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
        // Two analysts merging the same record at once: the second save fails rather than merging it twice.
        b.Property(p => p.MergedIntoId).IsConcurrencyToken();
    }
}

internal sealed class PersonChangeConfiguration : IEntityTypeConfiguration<PersonChange>
{
    public void Configure(EntityTypeBuilder<PersonChange> b)
    {
        b.ToTable("person_changes");
        b.Property(c => c.Kind).HasMaxLength(16);
        b.Property(c => c.Reason).HasMaxLength(2000);
        b.Property(c => c.By).HasMaxLength(450);
        b.Property(c => c.Appearances).HasMaxLength(8000);
        b.HasIndex(c => c.PersonId);
        b.HasIndex(c => c.OtherPersonId);
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
