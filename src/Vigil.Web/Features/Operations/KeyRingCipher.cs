using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Vigil.Web.Features.Operations;

/// <summary>Encrypts the data-protection key ring before it is stored in the shared database, with AES-GCM under a
/// key derived from the audit key every node of the store already holds. A copy of the database alone (a stolen
/// backup) then cannot forge sign-in cookies; ADR 0901.</summary>
/// <param name="chainIsEmpty">Asked only when there is no audit key yet: a new store's first use of the key ring
/// (the sign-in page) may come before its first audit entry, and then creates the key as that entry would.</param>
public sealed class KeyRingCipher(AuditHasher hasher, Func<bool> chainIsEmpty)
{
    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("vigil data-protection key ring v1");
    private byte[]? derived;

    private byte[] Key => derived ??= Derive();

    private byte[] Derive()
    {
        if (!hasher.HasKey)
        {
            if (!chainIsEmpty())
                throw new AuditKeyException($"the audit key was not found ({hasher.KeySource}); the key ring is encrypted under it");
            hasher.EnsureKeyForNewChain();
        }
        return hasher.DeriveKey(Purpose);
    }

    public XElement Encrypt(XElement plain)
    {
        var data = Encoding.UTF8.GetBytes(plain.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var sealedData = new byte[data.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(Key, tag.Length)) aes.Encrypt(nonce, data, sealedData, tag);
        return new XElement("vigilEncryptedKey",
            new XAttribute("nonce", Convert.ToBase64String(nonce)),
            new XAttribute("tag", Convert.ToBase64String(tag)),
            Convert.ToBase64String(sealedData));
    }

    public XElement Decrypt(XElement encrypted)
    {
        var nonce = Convert.FromBase64String((string)encrypted.Attribute("nonce")!);
        var tag = Convert.FromBase64String((string)encrypted.Attribute("tag")!);
        var sealedData = Convert.FromBase64String(encrypted.Value);
        var data = new byte[sealedData.Length];
        using (var aes = new AesGcm(Key, tag.Length)) aes.Decrypt(nonce, sealedData, tag, data);
        return XElement.Parse(Encoding.UTF8.GetString(data));
    }
}

internal sealed class KeyRingEncryptor(KeyRingCipher cipher) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) => new(cipher.Encrypt(plaintextElement), typeof(KeyRingDecryptor));
}

/// <summary>Activated by type name from the stored key's XML, with the application's services.</summary>
internal sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) => services.GetRequiredService<KeyRingCipher>().Decrypt(encryptedElement);
}
