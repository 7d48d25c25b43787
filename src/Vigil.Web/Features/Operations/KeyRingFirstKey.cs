using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.Internal;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Vigil.Web.Features.Operations;

/// <summary>Writes a new store's first data-protection key during migration, under the store's write lock (the
/// PostgreSQL advisory lock of the audit chain; SQLite's single writer), so that nodes started together on a new
/// store find one key ring instead of each making its own first key and refusing the others' cookies (ADR 1131).
/// Later keys are made by the data-protection system days before they activate, and every node reads them in time.</summary>
public static class KeyRingFirstKey
{
    public static async Task EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        if (services.GetService<IOptions<KeyManagementOptions>>() is not { } configured) return;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        // SQLite: BEGIN IMMEDIATE takes the one write lock, so a second process waits here rather than racing.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await AuditChainLock.AcquireAsync(db, ct);
        if (await db.DataProtectionKeys.AnyAsync(ct)) return;
        // The key is made by the data-protection system itself (same algorithms, same encryption under the audit key)
        // into a repository that only collects it, and stored here through the locked connection.
        var collected = new CollectingRepository();
        var options = configured.Value;
        var copy = new KeyManagementOptions
        {
            XmlRepository = collected, XmlEncryptor = options.XmlEncryptor,
            AuthenticatedEncryptorConfiguration = options.AuthenticatedEncryptorConfiguration,
            NewKeyLifetime = options.NewKeyLifetime,
        };
        foreach (var factory in options.AuthenticatedEncryptorFactories) copy.AuthenticatedEncryptorFactories.Add(factory);
        foreach (var sink in options.KeyEscrowSinks) copy.KeyEscrowSinks.Add(sink);
        var manager = new XmlKeyManager(Options.Create(copy), services.GetRequiredService<IActivator>(), services.GetRequiredService<ILoggerFactory>());
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        try
        {
            manager.CreateNewKey(now, now + options.NewKeyLifetime);
        }
        catch (AuditKeyException)
        {
            return; // no audit key configured to wrap it under: the first node to need the ring makes it, as before
        }
        foreach (var (element, name) in collected.Elements)
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = name, Xml = element.ToString(SaveOptions.DisableFormatting) });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private sealed class CollectingRepository : IXmlRepository
    {
        public List<(XElement Element, string Name)> Elements { get; } = [];

        public IReadOnlyCollection<XElement> GetAllElements() => [.. Elements.Select(e => e.Element)];

        public void StoreElement(XElement element, string friendlyName) => Elements.Add((element, friendlyName));
    }
}
