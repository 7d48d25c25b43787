using System.Text.Json.Serialization;

namespace Vigil.Linkage.Surveillance;

/// <summary>What is ordinary for people in each role, learnt from the deaths as they arrive. People in a role are of
/// two sorts, and the data says how many of each: <em>regulars</em> who recur as part of their work (a GP certifying
/// a fifth of an area's deaths, a care home's staff), whose share of deaths follows a Gamma distribution (method of
/// moments, less the Poisson noise of short counts); and <em>one-off</em> people (next of kin, finders) whose share is
/// the small rate at which namesakes collide. A mention counts as a regular's when the person was already in two or
/// more deaths in the window. A person's own history in the place then decides which sort they are: a GP who has
/// certified deaths for years is a regular and expected to go on; a doctor absent from two years of the area's
/// deaths is not, and several deaths in a few months are then a surprise.</summary>
internal sealed class RolePriors
{
    // Until a role has been seen, treat it as one-off people with a namesake rate typical of next of kin.
    private const double PriorOneOff = 0.002, PriorWeight = 20, MaxShape = 50, MinShape = 0.2;
    private readonly Dictionary<string, RoleMoments> _roles = new(StringComparer.Ordinal);

    /// <summary>Starts from what a training force's history taught (ADR 1491): each role's moments scaled down to at
    /// most <paramref name="weight"/> mentions, so a new force's first deaths are judged by what is ordinary for a GP
    /// or a carer somewhere, and its own history takes over within weeks. Without it every regular of the first year
    /// looked like a one-off person in a dozen deaths.</summary>
    public void Seed(IReadOnlyDictionary<string, RoleMoments> learnt, double weight)
    {
        foreach (var (key, m) in learnt)
            if (m.N > 0) _roles[key] = m.Scaled(Math.Min(1, weight / m.N));
    }

    /// <summary>What has been learnt so far, by role key (stored with a trained model).</summary>
    public Dictionary<string, RoleMoments> Export() =>
        _roles.ToDictionary(kv => kv.Key, kv => kv.Value.Scaled(1), StringComparer.Ordinal);

    /// <summary>The role's two sorts of people for a role key.</summary>
    public RolePrior Prior(string key)
    {
        var m = _roles.GetValueOrDefault(key) ?? new RoleMoments();
        var regularShare = m.Regular / (m.N + PriorWeight);
        var oneOff = OneOff(m);
        if (m.Regular < 3) return new RolePrior(regularShare, 1, 1, oneOff) { Mature = m.N >= MatureMentions };
        var mean = m.Sum / m.Regular;
        var variance = m.SumSquares / m.Regular - mean * mean - m.SumNoise / m.Regular;
        var shape = variance <= 0 ? MaxShape : Math.Clamp(mean * mean / variance, MinShape, MaxShape);
        return new RolePrior(regularShare, shape, shape / Math.Max(mean, 1e-9), oneOff) { Mature = m.N >= MatureMentions };
    }

    // A role is known once this many mentions with a history have taught it (a few weeks of a city's deaths for the
    // commoner roles); before, what is ordinary for it is the prior's guess, not the data's.
    private const double MatureMentions = 100;

    /// <summary>Learns from one mention: <paramref name="earlier"/> appearances among the <paramref name="deaths"/> counted;
    /// a one-off person's share is learnt per unit of name <paramref name="commonness"/>. A mention is a regular's when
    /// the person appears at least twice more than namesakes explain: two "Mary Jones" next of kin in a city's ten years
    /// are two people, not a regular, and counted as one would make every next of kin look as if they recur.</summary>
    public void Observe(string key, double earlier, double deaths, double commonness)
    {
        if (deaths < 1) return;
        if (!_roles.TryGetValue(key, out var m)) _roles[key] = m = new RoleMoments();
        var share = earlier / deaths;
        var namesakes = deaths * OneOff(m) * commonness;
        m.N++;
        if (earlier >= 2 && CountSurprise.Poisson(earlier, namesakes) >= NamesakeSurprise)
        {
            m.Regular++;
            m.Sum += share;
            m.SumSquares += share * share;
            m.SumNoise += share / deaths;
        }
        else
        {
            // Poisson exposure: the one-off rate is appearances over deaths × commonness summed (the rate's maximum
            // likelihood), not a mean of ratios, which a few collisions of names thought rare would dominate.
            m.SumOneOff += earlier;
            m.OneOffExposure += deaths * commonness;
        }
    }

    // A count of earlier appearances namesakes would reach less than once in ten thousand is a regular's (a role's
    // thousands of mentions would otherwise make a few namesakes regulars by chance, and cap every surprise).
    private const double NamesakeSurprise = 9.2;

    private static double OneOff(RoleMoments m) => (m.SumOneOff + PriorExposure * PriorOneOff) / (m.OneOffExposure + PriorExposure);

    // The prior one-off rate weighs as much as this many deaths' worth of average names.
    private const double PriorExposure = 2000;

    /// <summary>The priors learnt so far, one line per role key (for diagnosis and the docs).</summary>
    public IEnumerable<string> Describe() => _roles.Keys.Order(StringComparer.Ordinal).Select(k =>
    {
        var p = Prior(k);
        var m = _roles[k];
        return FormattableString.Invariant($"{k}: mentions {m.N:0}, regulars {p.RegularShare:P1}, regular share mean {p.Shape / p.Rate:0.0000} shape {p.Shape:0.00}, one-off share {p.OneOffShare:0.000000}");
    });
}

/// <summary>A role's sufficient statistics: mentions, regulars' shares (sum, squares, Poisson noise) and the one-off
/// appearances over their exposure.</summary>
public sealed class RoleMoments
{
    /// <summary>Mentions learnt from.</summary>
    [JsonPropertyName("n")] public double N { get; set; }
    /// <summary>Mentions that were a regular's.</summary>
    [JsonPropertyName("regular")] public double Regular { get; set; }
    /// <summary>Sum of regulars' shares.</summary>
    [JsonPropertyName("sum")] public double Sum { get; set; }
    /// <summary>Sum of regulars' squared shares.</summary>
    [JsonPropertyName("sum_squares")] public double SumSquares { get; set; }
    /// <summary>Sum of the Poisson noise of regulars' shares.</summary>
    [JsonPropertyName("sum_noise")] public double SumNoise { get; set; }
    /// <summary>One-off people's earlier appearances.</summary>
    [JsonPropertyName("sum_one_off")] public double SumOneOff { get; set; }
    /// <summary>One-off people's exposure (deaths × name commonness).</summary>
    [JsonPropertyName("one_off_exposure")] public double OneOffExposure { get; set; }

    /// <summary>The same statistics as if learnt from <paramref name="f"/> of the mentions (means unchanged).</summary>
    public RoleMoments Scaled(double f) => new()
    {
        N = N * f, Regular = Regular * f, Sum = Sum * f, SumSquares = SumSquares * f, SumNoise = SumNoise * f,
        SumOneOff = SumOneOff * f, OneOffExposure = OneOffExposure * f,
    };
}

/// <summary>A role's people: the share who are regulars, the Gamma (shape, rate in deaths) of a regular's share of
/// deaths, and a one-off person's share.</summary>
internal readonly record struct RolePrior(double RegularShare, double Shape, double Rate, double OneOffShare)
{
    /// <summary>True once the role has been learnt from enough mentions with a history to judge a person by.</summary>
    public bool Mature { get; init; }

    /// <summary>Surprise of <paramref name="observed"/> earlier appearances among <paramref name="deaths"/>, for a person
    /// whose history shows <paramref name="history"/> appearances among <paramref name="historyDeaths"/>; one-off shares
    /// scaled by how common the name is (<paramref name="commonness"/>). Also returns the expected count and the
    /// ordinary share (expected appearances per death).</summary>
    public (double Surprise, double Expected, double Share) Assess(int observed, double deaths, int history, double historyDeaths, double commonness)
    {
        var oneOff = OneOffShare * commonness;
        // Which sort is the person? Weigh each by how well it explains their history.
        var logRegular = Math.Log(Math.Max(RegularShare, 1e-12)) + LogNegativeBinomial(history, historyDeaths * Shape / Rate, Shape);
        var logOneOff = Math.Log(Math.Max(1 - RegularShare, 1e-12)) + LogPoisson(history, historyDeaths * oneOff);
        var top = Math.Max(logRegular, logOneOff);
        var wRegular = Math.Exp(logRegular - top);
        var wOneOff = Math.Exp(logOneOff - top);
        (wRegular, wOneOff) = (wRegular / (wRegular + wOneOff), wOneOff / (wRegular + wOneOff));
        var regularShare = (Shape + history) / (Rate + historyDeaths);
        var regularMean = deaths * regularShare;
        var oneOffMean = deaths * oneOff;
        var tail = wRegular * Math.Exp(-CountSurprise.NegativeBinomial(observed, regularMean, Shape + history))
            + wOneOff * Math.Exp(-CountSurprise.Poisson(observed, oneOffMean));
        return (Math.Min(CountSurprise.Cap, -Math.Log(Math.Max(tail, 1e-300))), wRegular * regularMean + wOneOff * oneOffMean,
            wRegular * regularShare + wOneOff * oneOff);
    }

    private static double LogPoisson(int k, double mean) =>
        mean <= 0 ? (k == 0 ? 0 : -700) : k * Math.Log(mean) - mean - CountSurprise.LogGamma(k + 1);

    private static double LogNegativeBinomial(int k, double mean, double size) =>
        mean <= 0 ? (k == 0 ? 0 : -700)
        : CountSurprise.LogGamma(k + size) - CountSurprise.LogGamma(size) - CountSurprise.LogGamma(k + 1)
          + size * Math.Log(size / (size + mean)) + k * Math.Log(mean / (size + mean));
}
