using System.Text.Json;
using Vigil.Data;
using Vigil.Data.People;

namespace Vigil.Web.Features.Cases;

/// <summary>Finds or creates the shared Person, Phone and Address entities for people as officers typed them.
/// One instance per unit of work; <see cref="PreloadAsync"/> fetches a whole import batch in one statement.</summary>
public sealed class PeopleResolver(VigilDbContext db, TimeProvider clock)
{
    private readonly Dictionary<string, Person> people = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Phone> phones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Address> addresses = new(StringComparer.Ordinal);
    // Keys already looked up, found or not, so a person new to the store costs no second query.
    private readonly HashSet<string> lookedPeople = new(StringComparer.Ordinal);
    private readonly HashSet<string> lookedPhones = new(StringComparer.Ordinal);
    private readonly HashSet<string> lookedAddresses = new(StringComparer.Ordinal);
    private bool registerLocked;
    // Only the first look's missing entries are locked (ADR 3214), not the whole register: a named key looked up later
    // would be one no lock covers.
    private bool entriesLocked;

    /// <param name="lockFirst">Take the register's lock before the first look (ADR 2403): for a batch that will create
    /// people anyway (a first-day import batch), which would otherwise look every missing key up twice.</param>
    /// <param name="entriesOnly">With <paramref name="lockFirst"/>, on PostgreSQL: lock only the batch's own entries
    /// (<see cref="StoreLocks.PeopleRegisterEntriesAsync"/>, ADR 3214), so batches naming different people do not queue
    /// on one another; the whole register when the batch has more keys than <see cref="StoreLocks.MaxRegisterEntryLocks"/>.
    /// For a batch that links no one but these people afterwards (a first-day import batch).</param>
    public async Task PreloadAsync(IEnumerable<RecordPerson> batch, CancellationToken ct, bool lockFirst = false, bool entriesOnly = false)
    {
        var personKeys = new List<string>();
        var phoneKeys = new List<string>();
        var addressKeys = new List<string>();
        foreach (var p in batch)
        {
            if (!IsUnnamed(p) && KeyOf(p) is var person && lookedPeople.Add(person)) personKeys.Add(person);
            if (PersonKeys.Phone(p.Phone) is { } phone && lookedPhones.Add(phone)) phoneKeys.Add(phone);
            if (!string.IsNullOrWhiteSpace(p.Address) && PersonKeys.Address(p.Address) is { Length: > 0 } address && lookedAddresses.Add(address))
                addressKeys.Add(address);
        }
        if (personKeys.Count + phoneKeys.Count + addressKeys.Count == 0) return;
        // An unnamed mention's key is new each time (its own person): no one else can create it, so it needs no lock.
        if (entriesLocked && (personKeys.Any(k => !k.StartsWith(UnnamedKey, StringComparison.Ordinal)) || phoneKeys.Count + addressKeys.Count > 0))
            throw new InvalidOperationException("A batch that locked only its own register entries looked up one it had not locked (ADR 3214).");
        if (lockFirst && !registerLocked)
        {
            var named = personKeys.Where(k => !k.StartsWith(UnnamedKey, StringComparison.Ordinal)).ToArray();
            using (Vigil.Data.Diagnostics.StageClock.Measure("people register lock"))
            {
                if (entriesOnly && db.Database.IsNpgsql() && named.Length + phoneKeys.Count + addressKeys.Count <= StoreLocks.MaxRegisterEntryLocks)
                {
                    await StoreLocks.PeopleRegisterEntriesAsync(db, named, [.. phoneKeys], [.. addressKeys], ct);
                    entriesLocked = true;
                }
                else await StoreLocks.PeopleRegisterAsync(db, ct);
            }
            registerLocked = true;
        }
        await FindAsync(personKeys, phoneKeys, addressKeys, ct);
        // The register's lock serialises "find, else create" across nodes. An edit whose people, phones and addresses
        // are all on the register creates nothing and need not wait for it: under 50 users, edits queued behind
        // imports that held it for their whole batch. Anything missing is looked for again under the lock.
        personKeys.RemoveAll(people.ContainsKey);
        phoneKeys.RemoveAll(phones.ContainsKey);
        addressKeys.RemoveAll(addresses.ContainsKey);
        if (registerLocked || personKeys.Count + phoneKeys.Count + addressKeys.Count == 0) return;
        using (Vigil.Data.Diagnostics.StageClock.Measure("people register lock")) await StoreLocks.PeopleRegisterAsync(db, ct);
        registerLocked = true;
        await FindAsync(personKeys, phoneKeys, addressKeys, ct);
    }

    /// <summary>Whether <see cref="PreloadAsync"/> would look any of these people, phones or addresses up (and so, for a
    /// batch that locks first, take the register's lock): a batch whose people have no name, phone or address does not.</summary>
    public static bool LooksUpAny(IEnumerable<RecordPerson> batch) =>
        batch.Any(p => !IsUnnamed(p) || PersonKeys.Phone(p.Phone) is not null
            || (!string.IsNullOrWhiteSpace(p.Address) && PersonKeys.Address(p.Address).Length > 0));

    /// <summary>The caller took the register's lock in this unit of work's transaction (ADR 3196: with the batch's
    /// references, in their round trip); <see cref="PreloadAsync"/> does not take it again.</summary>
    public void RegisterLockHeld() => registerLocked = true;

    /// <summary>The three lists in ONE statement, one round trip (ADR 3202; three before, each 2–3 ms quiet and 7–12 ms
    /// under 50 users on PostgreSQL for well under a millisecond of server work, ADR 3197). The keys are one row each
    /// (person, phone or address, the other two columns null) and each row joins its register on the unique key, so a
    /// row finds at most one entry and EF materialises and tracks the three entity types as its own queries did. Each
    /// list is ONE parameter (PostgreSQL an array, SQLite JSON for <c>json_each</c>), never a parameter a key (ADR 2611).
    /// The statement's text is fixed per provider, so Npgsql prepares it once per connection (ADR 1932).</summary>
    private async Task FindAsync(List<string> personKeys, List<string> phoneKeys, List<string> addressKeys, CancellationToken ct)
    {
        var sqlite = db.Database.IsSqlite();
        object Keys(List<string> keys) => sqlite ? JsonSerializer.Serialize(keys) : keys.ToArray();
        var wanted = db.Database.SqlQueryRaw<WantedKey>(sqlite ? WantedSqlite : WantedPostgres,
            Keys(personKeys), Keys(phoneKeys), Keys(addressKeys));
        var rows = await (
            from k in wanted
            from p in db.People.Where(p => p.MatchKey == k.Person).DefaultIfEmpty()
            from t in db.Phones.Where(t => t.Number == k.Phone).DefaultIfEmpty()
            from a in db.Addresses.Where(a => a.MatchKey == k.Address).DefaultIfEmpty()
            select new { Person = (Person?)p, Phone = (Phone?)t, Address = (Address?)a }).ToListAsync(ct);
        foreach (var row in rows)
        {
            if (row.Person is { } person) people[person.MatchKey] = person;
            if (row.Phone is { } phone) phones[phone.Number] = phone;
            if (row.Address is { } address) addresses[address.MatchKey] = address;
        }
    }

    private const string WantedPostgres = """
        SELECT k AS "Person", NULL::text AS "Phone", NULL::text AS "Address" FROM unnest({0}::text[]) AS k
        UNION ALL SELECT NULL, k, NULL FROM unnest({1}::text[]) AS k
        UNION ALL SELECT NULL, NULL, k FROM unnest({2}::text[]) AS k
        """;

    private const string WantedSqlite = """
        SELECT value AS "Person", NULL AS "Phone", NULL AS "Address" FROM json_each({0})
        UNION ALL SELECT NULL, value, NULL FROM json_each({1})
        UNION ALL SELECT NULL, NULL, value FROM json_each({2})
        """;

    /// <summary>One key to look up: exactly one of the three is set.</summary>
    private sealed class WantedKey
    {
        public string? Person { get; set; }
        public string? Phone { get; set; }
        public string? Address { get; set; }
    }

    /// <summary>Builds the case's link to a person; creates the shared entities that do not exist yet.</summary>
    public async Task<CasePerson> LinkAsync(Guid caseId, RecordPerson p, CancellationToken ct)
    {
        await PreloadAsync([p], ct);
        var key = KeyOf(p);
        if (!people.TryGetValue(key, out var person))
        {
            person = new Person { Name = p.Name?.Trim() is { Length: > 0 } n ? n : "(name not recorded)", MatchKey = key, DateOfBirth = p.Dob, CreatedAt = clock.GetUtcNow().UtcDateTime };
            people[key] = person;
            db.People.Add(person);
        }
        var link = new CasePerson
        {
            // A record an analyst merged away resolves to the record it was merged into (ADR 0702).
            CaseId = caseId, PersonId = person.MergedIntoId ?? person.Id, Role = p.Role,
            NameAsWritten = p.Name, PhoneAsWritten = p.Phone, AddressAsWritten = p.Address,
        };
        if (PersonKeys.Phone(p.Phone) is { } number)
        {
            if (!phones.TryGetValue(number, out var phone)) { phone = new Phone { Number = number }; phones[number] = phone; db.Phones.Add(phone); }
            link.PhoneId = phone.Id;
        }
        if (!string.IsNullOrWhiteSpace(p.Address) && PersonKeys.Address(p.Address) is { Length: > 0 } addressKey)
        {
            if (!addresses.TryGetValue(addressKey, out var address)) { address = new Address { Text = p.Address.Trim(), MatchKey = addressKey }; addresses[addressKey] = address; db.Addresses.Add(address); }
            link.AddressId = address.Id;
        }
        return link;
    }

    /// <summary>Takes back the register entries this unit of work created that no link of these cases names any more: a
    /// later line of an import batch dropped the mention an earlier line for the same case added (ADR 1630).</summary>
    public void ForgetUnlinked(IReadOnlyCollection<DeathCase> cases)
    {
        var links = cases.SelectMany(c => c.People).ToList();
        Forget(people, links.Select(l => l.PersonId).ToHashSet(), p => p.Id);
        Forget(phones, links.Where(l => l.PhoneId is not null).Select(l => l.PhoneId!.Value).ToHashSet(), p => p.Id);
        Forget(addresses, links.Where(l => l.AddressId is not null).Select(l => l.AddressId!.Value).ToHashSet(), a => a.Id);
    }

    private void Forget<T>(Dictionary<string, T> found, HashSet<Guid> linked, Func<T, Guid> id) where T : class
    {
        foreach (var (key, entry) in found.Where(f => !linked.Contains(id(f.Value)) && db.Entry(f.Value).State == EntityState.Added).ToList())
        {
            db.Entry(entry).State = EntityState.Detached;
            found.Remove(key);
        }
    }

    /// <summary>Whether <see cref="LinkAsync"/> would build this same link (its Person loaded) for <paramref name="p"/>:
    /// the same words as written and role, and the person the key finds, not merged away. An unnamed person is never
    /// the same (each mention is new); a link an analyst moved (a merge or split) is not either, and is resolved again
    /// as before. Phones and addresses are found by keys of the text as written, which is the same (ADR 2494).</summary>
    public static bool Same(CasePerson link, RecordPerson p) =>
        link.Role == p.Role && link.NameAsWritten == p.Name && link.PhoneAsWritten == p.Phone && link.AddressAsWritten == p.Address
        && !IsUnnamed(p) && link.Person is { MergedIntoId: null } person && person.Id == link.PersonId && person.MatchKey == KeyOf(p);

    /// <summary>Whether a re-import would leave this link as it is (ADR 1630): <see cref="Same"/>, or for a person without
    /// a name, the same words as written on the entry this mention made, with its date of birth. An unnamed mention is
    /// its own person, so the record unchanged means the mention unchanged; a merged or moved link is never the same.</summary>
    public static bool SameMention(CasePerson link, RecordPerson p) =>
        Same(link, p) || (IsUnnamed(p) && link.Role == p.Role && link.NameAsWritten == p.Name && link.PhoneAsWritten == p.Phone
            && link.AddressAsWritten == p.Address && link.Person is { MergedIntoId: null } person && person.Id == link.PersonId
            && person.DateOfBirth == p.Dob && person.MatchKey.StartsWith(UnnamedKey, StringComparison.Ordinal));

    /// <summary>A person without a name is never merged with another: each unnamed mention is its own person.</summary>
    private static string KeyOf(RecordPerson p) =>
        IsUnnamed(p) ? $"{UnnamedKey}{NewId.Version7():N}" : PersonKeys.PersonMatchKey(p.Name!, p.Dob);

    /// <summary>The key of an unnamed mention's own entry begins so; an entry an analyst moved the mention to does not.</summary>
    private const string UnnamedKey = "unnamed|";

    private static bool IsUnnamed(RecordPerson p) => string.IsNullOrWhiteSpace(p.Name) || PersonKeys.Name(p.Name).Length == 0;
}
