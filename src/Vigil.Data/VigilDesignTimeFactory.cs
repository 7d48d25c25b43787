using Microsoft.EntityFrameworkCore.Design;
using Vigil.Data.Audit;

namespace Vigil.Data;

/// <summary>Lets `dotnet ef migrations add` build the model in a provider's migrations project without starting the web
/// app. The connection string only chooses the provider: nothing is opened.</summary>
public abstract class VigilDesignTimeFactory(string connection) : IDesignTimeDbContextFactory<VigilDbContext>
{
    public VigilDbContext CreateDbContext(string[] args)
    {
        var options = VigilDatabase.Configure(new DbContextOptionsBuilder<VigilDbContext>(), connection);
        return new VigilDbContext((DbContextOptions<VigilDbContext>)options.Options, new FixedAuditActor("design-time"));
    }
}
