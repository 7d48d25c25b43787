using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Vigil.Web.Features.Operations;

/// <summary>Encrypts the data-protection key ring before it is stored in the shared database, with AES-GCM under a
/// key derived (HKDF) from the audit key file every node already holds. A copy of the database alone (a stolen
/// backup) then cannot forge sign-in cookies; ADR 0901.</summary>
public sealed class KeyRingCipher(byte[] auditKey)
{
    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("vigil data-protection key ring v1");
    private readonly byte[] key = HKDF.DeriveKey(HashAlgorithmName.SHA256, auditKey, 32, salt: [], info: Purpose);

    public XElement Encrypt(XElement plain)
    {
        var data = Encoding.UTF8.GetBytes(plain.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var sealedData = new byte[data.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(key, tag.Length)) aes.Encrypt(nonce, data, sealedData, tag);
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
        using (var aes = new AesGcm(key, tag.Length)) aes.Decrypt(nonce, sealedData, tag, data);
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
