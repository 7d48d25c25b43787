using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Vigil.Data;
using Vigil.Data.Audit;

namespace Vigil.Migrations.Postgres;

/// <summary>Lets `dotnet ef migrations add` build the model for PostgreSQL; no server is contacted.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<VigilDbContext>
{
    public VigilDbContext CreateDbContext(string[] args)
    {
        var options = VigilDatabase.Configure(new DbContextOptionsBuilder<VigilDbContext>(), "Host=localhost;Database=vigil_design");
        return new VigilDbContext((DbContextOptions<VigilDbContext>)options.Options, new FixedAuditActor("design-time"));
    }
}
