namespace Vigil.Linkage.Surveillance;

/// <summary>How surprising a count is given what was expected: the statistic of observed-against-expected monitoring
/// (the Shipman Inquiry's question of a GP's death count; a prospective scan's cylinder). A surprise is
/// −ln P(X ≥ observed): 0 when the count is unremarkable, growing as it becomes unlikely, capped at 50.</summary>
public static class CountSurprise
{
    /// <summary>Largest surprise reported (a count where almost none could be expected).</summary>
    public const double Cap = 50;

    /// <summary>Surprise of <paramref name="observed"/> under X ~ Poisson(<paramref name="expected"/>). Non-decreasing in
    /// <paramref name="observed"/>, non-increasing in <paramref name="expected"/>.</summary>
    public static double Poisson(double observed, double expected)
    {
        if (observed <= 0) return 0;
        if (expected <= 0) return Cap;
        // P(X ≥ k) is the regularised lower incomplete gamma P(k, λ).
        return Bounded(LowerRegularisedGamma(observed, expected));
    }

    /// <summary>Surprise of <paramref name="observed"/> under a negative binomial with mean <paramref name="expected"/> and
    /// size <paramref name="size"/>: a Poisson whose rate is itself uncertain (Gamma with shape <paramref name="size"/>),
    /// as a person's rate is when only their role is known. Tends to <see cref="Poisson"/> as the size grows;
    /// non-decreasing in the count, non-increasing in the mean.</summary>
    public static double NegativeBinomial(double observed, double expected, double size)
    {
        if (observed <= 0) return 0;
        if (expected <= 0) return Cap;
        if (size > 1e6) return Poisson(observed, expected);
        // P(X ≥ k) = I_q(k, size) with q = mean / (mean + size).
        return Bounded(RegularisedBeta(expected / (expected + size), observed, size));
    }

    private static double Bounded(double p) => Math.Min(Cap, -Math.Log(Math.Max(p, 1e-300)));

    /// <summary>P(a, x) = γ(a, x) / Γ(a), by its series below a + 1 and by Lentz's continued fraction above.</summary>
    internal static double LowerRegularisedGamma(double a, double x)
    {
        if (x <= 0) return 0;
        var logPrefix = a * Math.Log(x) - x - LogGamma(a);
        if (x < a + 1)
        {
            double term = 1 / a, sum = term;
            for (var n = 1; n < 1000; n++)
            {
                term *= x / (a + n);
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * 1e-15) break;
            }
            return Math.Min(1, sum * Math.Exp(logPrefix));
        }
        var q = ContinuedFraction(i => -i * (i - a), i => x + 1 - a + 2 * i);
        return Math.Max(0, 1 - Math.Exp(logPrefix) * q);
    }

    /// <summary>The regularised incomplete beta I_x(a, b).</summary>
    internal static double RegularisedBeta(double x, double a, double b)
    {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        var logPrefix = LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x);
        // The continued fraction converges fast below (a + 1) / (a + b + 2); above, use the symmetry.
        if (x > (a + 1) / (a + b + 2)) return Math.Max(0, 1 - RegularisedBeta(1 - x, b, a));
        var cf = BetaFraction(x, a, b);
        return Math.Min(1, Math.Exp(logPrefix) * cf / a);
    }

    private static double BetaFraction(double x, double a, double b)
    {
        const double tiny = 1e-300;
        double c = 1, d = 1 - (a + b) * x / (a + 1);
        if (Math.Abs(d) < tiny) d = tiny;
        d = 1 / d;
        var h = d;
        for (var m = 1; m < 1000; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + aa * d; if (Math.Abs(d) < tiny) d = tiny;
            c = 1 + aa / c; if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + aa * d; if (Math.Abs(d) < tiny) d = tiny;
            c = 1 + aa / c; if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-15) break;
        }
        return h;
    }

    /// <summary>Lentz's method for b0 + a1/(b1 + a2/(b2 + …)) as used by the incomplete gamma's upper tail
    /// (returns 1 / (b0 + …)).</summary>
    private static double ContinuedFraction(Func<int, double> a, Func<int, double> b)
    {
        const double tiny = 1e-300;
        double bi = b(0), c = 1 / tiny, d = 1 / bi, h = d;
        for (var i = 1; i < 1000; i++)
        {
            var an = a(i);
            bi = b(i);
            d = an * d + bi;
            if (Math.Abs(d) < tiny) d = tiny;
            c = bi + an / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-15) break;
        }
        return h;
    }

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7).</summary>
    internal static double LogGamma(double x)
    {
        if (x < 0.5) return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        ReadOnlySpan<double> g =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        x -= 1;
        var sum = g[0];
        var t = x + 7.5;
        for (var i = 1; i < 9; i++) sum += g[i] / (x + i);
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
