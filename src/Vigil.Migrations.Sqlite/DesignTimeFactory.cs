using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Vigil.Data;
using Vigil.Data.Audit;

namespace Vigil.Migrations.Sqlite;

/// <summary>Lets `dotnet ef migrations add` build the model for SQLite without starting the web app.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<VigilDbContext>
{
    public VigilDbContext CreateDbContext(string[] args)
    {
        var options = VigilDatabase.Configure(new DbContextOptionsBuilder<VigilDbContext>(), "design-time.db");
        return new VigilDbContext((DbContextOptions<VigilDbContext>)options.Options, new FixedAuditActor("design-time"));
    }
}
