
namespace Vigil.Data.People;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.HasMaxLength(200, p => p.Name);
        b.HasMaxLength(240, p => p.MatchKey);
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
        b.HasMaxLength(16, c => c.Kind);
        b.HasMaxLength(450, c => c.By);
        b.HasMaxLength(2000, c => c.Reason);
        b.HasMaxLength(8000, c => c.Appearances);
        b.HasIndex(c => c.PersonId);
        b.HasIndex(c => c.OtherPersonId);
    }
}

internal sealed class PhoneConfiguration : IEntityTypeConfiguration<Phone>
{
    public void Configure(EntityTypeBuilder<Phone> b)
    {
        b.HasMaxLength(32, p => p.Number);
        b.HasIndex(p => p.Number).IsUnique();
    }
}

internal sealed class AddressConfiguration : IEntityTypeConfiguration<Address>
{
    public void Configure(EntityTypeBuilder<Address> b)
    {
        b.HasMaxLength(400, a => a.Text, a => a.MatchKey);
        b.HasIndex(a => a.MatchKey).IsUnique();
    }
}

internal sealed class CasePersonConfiguration : IEntityTypeConfiguration<CasePerson>
{
    public void Configure(EntityTypeBuilder<CasePerson> b)
    {
        b.HasMaxLength(32, p => p.Role);
        b.HasMaxLength(64, p => p.PhoneAsWritten);
        b.HasMaxLength(200, p => p.NameAsWritten);
        b.HasMaxLength(400, p => p.AddressAsWritten);
        b.HasOne(p => p.Person).WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.Phone).WithMany().HasForeignKey(p => p.PhoneId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.Address).WithMany().HasForeignKey(p => p.AddressId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => new { p.PersonId, p.Role });
    }
}
