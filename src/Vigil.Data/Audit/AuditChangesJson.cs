using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Vigil.Data.Audit;

/// <summary>One change as its audit entry describes it: the entry, a "$type" when it is folded into a new case's entry,
/// and the new case's folded children ("$children"). A row staged outside the tracker (ADR 2251) has no entry: it is
/// always new, and its values are read from the object.</summary>
internal sealed class AuditChange
{
    public AuditChange(EntityEntry entry, string? type)
    {
        Entry = entry;
        Metadata = entry.Metadata;
        Type = type;
    }

    public AuditChange(IEntityType metadata, object row, string? type)
    {
        Metadata = metadata;
        Row = row;
        Type = type;
    }

    public EntityEntry? Entry { get; }
    public object? Row { get; }
    public IEntityType Metadata { get; }
    public string? Type { get; }
    public List<AuditChange>? Children { get; set; }
}

/// <summary>Writes a change's canonical JSON straight from the entry (ADR 2061): keys in ordinal order, an owned part's
/// values as "Owner.Name", a new row's non-null values, a deleted row's original values, a changed property as
/// [old, new], secrets redacted. Byte for byte what serialising a <c>SortedDictionary&lt;string, object?&gt;</c> of the
/// same values with <see cref="AuditJson.Options"/> gave (the hash covers these bytes); each entity type's keys are
/// sorted once instead of once per row, and no dictionary or reflection walk is made per change.</summary>
internal sealed class AuditChangesJson
{
    private static readonly ConcurrentDictionary<IEntityType, Plan> Plans = new();

    private readonly ArrayBufferWriter<byte> buffer = new(4096);
    private readonly Utf8JsonWriter writer;

    public AuditChangesJson() =>
        writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = AuditJson.Options.Encoder, Indented = false });

    public string Write(AuditChange change)
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        WriteObject(change);
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void WriteObject(AuditChange change)
    {
        writer.WriteStartObject();
        // "$children" and "$type" sort before every property name (a C# identifier starts with a letter or '_').
        if (change.Children is { Count: > 0 } children)
        {
            writer.WritePropertyName("$children");
            writer.WriteStartArray();
            foreach (var child in children) WriteObject(child);
            writer.WriteEndArray();
        }
        if (change.Type is { } type) writer.WriteString("$type", type);
        var plan = Plans.GetOrAdd(change.Metadata, static t => new Plan(t));
        if (change.Entry is { } entry)
        {
            var parts = plan.Resolve(entry);
            // A new part's values read through one PropertyValues per part, not one per key (ADR 2405).
            var current = new PropertyValues?[parts.Length];
            foreach (var key in plan.Keys)
                if (parts[key.Part] is { } part) WriteValue(key, part, current);
        }
        else
        {
            // A new row's non-null values, as for an added entry.
            var parts = plan.Resolve(change.Row!);
            foreach (var key in plan.Keys)
            {
                if (parts[key.Part] is null || Plan.ValueOf(key, parts) is not { } value) continue;
                writer.WritePropertyName(key.Name);
                WriteScalar(key, value);
            }
        }
        writer.WriteEndObject();
    }

    private void WriteValue(Key key, EntityEntry part, PropertyValues?[] values)
    {
        switch (part.State)
        {
            case EntityState.Added:
                var current = (values[key.Part] ??= part.CurrentValues)[key.Property];
                if (current is null) return;
                writer.WritePropertyName(key.Name);
                WriteScalar(key, current);
                return;
            case EntityState.Deleted:
                writer.WritePropertyName(key.Name);
                WriteScalar(key, part.Property(key.Property).OriginalValue);
                return;
            default:
                var property = part.Property(key.Property);
                if (!property.IsModified || Equals(property.OriginalValue, property.CurrentValue)) return;
                writer.WritePropertyName(key.Name);
                writer.WriteStartArray();
                WriteScalar(key, property.OriginalValue);
                WriteScalar(key, property.CurrentValue);
                writer.WriteEndArray();
                return;
        }
    }

    /// <summary>The common types as System.Text.Json's own converters write them (each calls the same writer method);
    /// anything else through the serializer itself, on this writer.</summary>
    private void WriteScalar(Key key, object? value)
    {
        if (value is null) { writer.WriteNullValue(); return; }
        if (key.Redacted) { writer.WriteStringValue("[redacted]"); return; }
        switch (value)
        {
            case string s: writer.WriteStringValue(s); break;
            case Guid g: writer.WriteStringValue(g); break;
            case DateTime d: writer.WriteStringValue(d); break;
            case DateTimeOffset o: writer.WriteStringValue(o); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case bool b: writer.WriteBooleanValue(b); break;
            default: JsonSerializer.Serialize(writer, value, value.GetType(), AuditJson.Options); break;
        }
    }

    /// <param name="Part">0: the entry itself; otherwise the owned part (<see cref="Plan.Owned"/>) the property is on.</param>
    /// <param name="OwnerKey">For an owned part's shadow key (which an entry holds and an object does not): the owner's
    /// key property it equals, on part <paramref name="OwnerPart"/>.</param>
    private sealed record Key(string Name, IProperty Property, int Part, bool Redacted, IProperty? OwnerKey = null, int OwnerPart = 0);

    /// <summary>An entity type's keys in ordinal order, its own and its owned parts' (at any depth) merged.</summary>
    private sealed class Plan
    {
        public Key[] Keys { get; }

        /// <summary>Owned reference navigations, depth first; Parents[i] is the part navigation i starts from.</summary>
        private readonly List<(INavigation Navigation, int Parent)> owned = [];

        public Plan(IEntityType type)
        {
            var keys = new List<Key>();
            Add(type, "", 0, 0, keys);
            Keys = [.. keys.OrderBy(k => k.Name, StringComparer.Ordinal)];
        }

        private void Add(IEntityType type, string prefix, int part, int parent, List<Key> keys)
        {
            foreach (var p in type.GetProperties().Where(p => !p.IsNotAudited()))
                keys.Add(new Key(prefix + p.Name, p, part, AuditInterceptor.RedactedProperties.Contains(p.Name), OwnerKeyOf(p), parent));
            foreach (var n in type.GetNavigations().Where(n => !n.IsCollection && n.TargetEntityType.IsOwned()))
            {
                owned.Add((n, part));
                Add(n.TargetEntityType, prefix + n.Name + ".", owned.Count, part, keys);
            }
        }

        private static IProperty? OwnerKeyOf(IProperty p)
        {
            if (!p.IsShadowProperty() || p.GetContainingForeignKeys().FirstOrDefault(fk => fk.IsOwnership) is not { } ownership) return null;
            return ownership.PrincipalKey.Properties[ownership.Properties.ToList().IndexOf(p)];
        }

        /// <summary>A staged row and its owned parts (null where a part is absent), indexed as the keys' Part.</summary>
        public object?[] Resolve(object row)
        {
            var parts = new object?[owned.Count + 1];
            parts[0] = row;
            for (var i = 0; i < owned.Count; i++)
            {
                var (navigation, parent) = owned[i];
                if (parts[parent] is { } from) parts[i + 1] = navigation.GetGetter().GetClrValue(from);
            }
            return parts;
        }

        /// <summary>A key's value on a staged row: the property's own, or for an owned part's shadow key its owner's key.</summary>
        public static object? ValueOf(Key key, object?[] parts)
        {
            if (key.OwnerKey is { } ownerKey) return ownerKey.GetGetter().GetClrValue(parts[key.OwnerPart]!);
            if (key.Property.IsShadowProperty())
                throw new NotSupportedException($"{key.Name} is a shadow property: a staged row cannot give its value (ADR 2251)");
            return key.Property.GetGetter().GetClrValue(parts[key.Part]!);
        }

        /// <summary>The entry and its tracked owned parts (null where a part is absent), indexed as the keys' Part.</summary>
        public EntityEntry?[] Resolve(EntityEntry entry)
        {
            var parts = new EntityEntry?[owned.Count + 1];
            parts[0] = entry;
            for (var i = 0; i < owned.Count; i++)
            {
                var (navigation, parent) = owned[i];
                if (parts[parent] is { } from && from.Reference(navigation).TargetEntry is { } target && target.Metadata.IsOwned())
                    parts[i + 1] = target;
            }
            return parts;
        }
    }
}
