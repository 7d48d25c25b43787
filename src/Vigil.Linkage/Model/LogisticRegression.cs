namespace Vigil.Linkage.Model;

/// <summary>Logistic regression by Newton–Raphson with an L2 penalty: small and exact enough for the few
/// calibration coefficients, with no dependency.</summary>
internal static class LogisticRegression
{
    /// <summary>Fits coefficients to rows of features, labels and row weights. <paramref name="penalty"/> is
    /// the L2 strength per coefficient (0 leaves a coefficient free, e.g. intercepts).</summary>
    public static double[] Fit(IReadOnlyList<double[]> x, IReadOnlyList<bool> y, IReadOnlyList<double> weight, double[] penalty, int iterations = 25)
    {
        var d = penalty.Length;
        var beta = new double[d];
        for (var it = 0; it < iterations; it++)
        {
            var grad = new double[d];
            var hess = new double[d, d];
            for (var i = 0; i < x.Count; i++)
            {
                var row = x[i];
                var z = 0.0;
                for (var j = 0; j < d; j++) z += beta[j] * row[j];
                var p = 1 / (1 + Math.Exp(-Math.Clamp(z, -35, 35)));
                var g = weight[i] * ((y[i] ? 1 : 0) - p);
                var h = weight[i] * Math.Max(p * (1 - p), 1e-9);
                for (var j = 0; j < d; j++)
                {
                    if (row[j] == 0) continue;
                    grad[j] += g * row[j];
                    for (var k = 0; k < d; k++) hess[j, k] += h * row[j] * row[k];
                }
            }
            for (var j = 0; j < d; j++)
            {
                grad[j] -= penalty[j] * beta[j];
                hess[j, j] += penalty[j] + 1e-6;
            }
            var step = Solve(hess, grad);
            var change = 0.0;
            for (var j = 0; j < d; j++)
            {
                beta[j] += step[j];
                change = Math.Max(change, Math.Abs(step[j]));
            }
            if (change < 1e-6) break;
        }
        return beta;
    }

    /// <summary>Solves a symmetric positive-definite system by Gaussian elimination with partial pivoting.</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++)
                if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col])) pivot = r;
            if (pivot != col)
            {
                for (var k = 0; k < n; k++) (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
                (v[col], v[pivot]) = (v[pivot], v[col]);
            }
            for (var r = col + 1; r < n; r++)
            {
                var f = m[r, col] / m[col, col];
                if (f == 0) continue;
                for (var k = col; k < n; k++) m[r, k] -= f * m[col, k];
                v[r] -= f * v[col];
            }
        }
        var xs = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var sum = v[r];
            for (var k = r + 1; k < n; k++) sum -= m[r, k] * xs[k];
            xs[r] = sum / m[r, r];
        }
        return xs;
    }
}
