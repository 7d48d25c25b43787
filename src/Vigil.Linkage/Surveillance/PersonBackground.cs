namespace Vigil.Linkage.Surveillance;

/// <summary>For each person in a new death, the share of deaths that would name that person by ordinary means — in
/// the death's area (from the person's history there and what is ordinary for the role) and force-wide (what is
/// ordinary for the role and kind of place, and how common the name is). This is the "u" of the person comparison:
/// a GP's is large where they practise, a next of kin's is the rate at which namesakes collide, and a recurring
/// offender's own recent deaths never raise it.</summary>
public sealed class PersonBackground
{
    private readonly double[] _local;
    private readonly double[] _force;
    private readonly double[] _localPhone;
    private readonly double[] _forcePhone;

    /// <summary>An empty background for a death with <paramref name="people"/> people (all unknown).</summary>
    public PersonBackground(int people)
    {
        _local = Enumerable.Repeat(double.NaN, people).ToArray();
        _force = Enumerable.Repeat(double.NaN, people).ToArray();
        _localPhone = Enumerable.Repeat(double.NaN, people).ToArray();
        _forcePhone = Enumerable.Repeat(double.NaN, people).ToArray();
    }

    /// <summary>The ordinary share for person <paramref name="person"/> of the new death, matched by name or by phone;
    /// NaN when not known.</summary>
    public double Share(int person, bool sameArea, bool byPhone = false)
    {
        if (person < 0 || person >= _local.Length) return double.NaN;
        var (local, force) = byPhone && !double.IsNaN(_forcePhone[person]) ? (_localPhone, _forcePhone) : (_local, _force);
        return sameArea && !double.IsNaN(local[person]) ? local[person] : force[person];
    }

    internal void Set(int person, double local, double force, double localPhone, double forcePhone)
    {
        _local[person] = local;
        _force[person] = force;
        _localPhone[person] = localPhone;
        _forcePhone[person] = forcePhone;
    }
}
