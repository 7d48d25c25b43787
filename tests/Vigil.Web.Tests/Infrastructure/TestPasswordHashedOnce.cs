using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Vigil.Data.Identity;

namespace Vigil.Web.Tests.Infrastructure;

/// <summary>The deployment's password hasher, except that the test users' shared password (<see cref="VigilAppFactory.Password"/>)
/// is hashed once per process and its hash reused for every user given it (ADR 3353). Thousands of test users are
/// created, each a PBKDF2 hash at the production work factor, and none of those tests is about hashing. Every stored hash
/// is still the production hasher's own output (its format, salt length and iteration count), every sign-in still
/// verifies through it at full cost, and any other password — a changed one, a family's — is hashed afresh.</summary>
public sealed class TestPasswordHashedOnce(IOptions<PasswordHasherOptions> options) : IPasswordHasher<VigilUser>
{
    private static readonly ConcurrentDictionary<PasswordHasherCompatibilityMode, Lazy<string>> Hashes = new();
    private readonly PasswordHasher<VigilUser> inner = new(options);
    private readonly PasswordHasherCompatibilityMode mode = options.Value.CompatibilityMode;

    public string HashPassword(VigilUser user, string password) =>
        password == VigilAppFactory.Password
            ? Hashes.GetOrAdd(mode, _ => new Lazy<string>(() => inner.HashPassword(user, password))).Value
            : inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(VigilUser user, string hashedPassword, string providedPassword) =>
        inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
}
