using MathNet.Numerics;

namespace Bio.Core.Analytics;

/// <summary>Pearson correlation with its two-sided p-value (scipy.stats.pearsonr).</summary>
public sealed record PearsonResult(double R, double P, int N);

/// <summary>Least-squares line with the statistics scipy.stats.linregress reports.</summary>
public sealed record LinearFit(double Slope, double Intercept, double R, double P, double StdErr, double InterceptStdErr, int N);

/// <summary>
/// Mann-Whitney U for the first sample, its two-sided p-value as scipy.stats.mannwhitneyu computes it
/// by default, and the rank-biserial correlation as the effect size.
/// </summary>
public sealed record MannWhitneyResult(double U, double P, int N1, int N2, double RankBiserial, string Method);

/// <summary>
/// The statistics behind Bio's insights, written to give SciPy's numbers (tests compare them with
/// SciPy 1.10 to 1e-6). Each method says which SciPy function it mirrors and how.
/// </summary>
public static class Stats
{
    /// <summary>The median, the mean of the two middle values for an even count (numpy.median); NaN when empty.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The q-quantile of values sorted ascending, interpolating linearly between ranks (numpy.quantile's default); NaN when empty.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var position = Math.Clamp(q, 0, 1) * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    /// <summary>
    /// scipy.stats.pearsonr: r from the centred sums; p two-sided. SciPy takes p from a beta
    /// distribution on r, which is the Student t test with n-2 degrees of freedom:
    /// p = I_{1-r²}((n-2)/2, 1/2), the regularized incomplete beta function.
    /// </summary>
    public static PearsonResult Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Check(x, y, minimum: 2);
        var n = x.Count;
        var (mx, my, sxx, syy, sxy) = CentredSums(x, y);

        if (sxx == 0 || syy == 0)
        {
            return new PearsonResult(double.NaN, double.NaN, n); // SciPy: a constant input has no correlation
        }

        var r = Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
        var p = n == 2 ? 1.0 : TwoSidedFromR(r, n - 2);
        return new PearsonResult(r, p, n);
    }

    /// <summary>
    /// scipy.stats.linregress: slope = cov(x,y)/var(x) (population moments), p from t with n-2 degrees
    /// of freedom, stderr = sqrt((1-r²)·var(y)/var(x)/(n-2)), intercept_stderr = stderr·sqrt(var(x)+mean(x)²).
    /// </summary>
    public static LinearFit Linregress(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Check(x, y, minimum: 2);
        var n = x.Count;
        var (mx, my, sxx, syy, sxy) = CentredSums(x, y);

        if (sxx == 0)
        {
            throw new ArgumentException("All x values are identical; a line cannot be fitted.");
        }

        var (ssxm, ssym, ssxym) = (sxx / n, syy / n, sxy / n);
        var r = ssym == 0 ? 0 : Math.Clamp(ssxym / Math.Sqrt(ssxm * ssym), -1, 1);
        var slope = ssxym / ssxm;
        var intercept = my - slope * mx;
        if (n == 2)
        {
            return new LinearFit(slope, intercept, r, 1.0, 0, 0, n);
        }

        var df = n - 2;
        var p = TwoSidedFromR(r, df);
        var stderr = Math.Sqrt((1 - r * r) * ssym / ssxm / df);
        return new LinearFit(slope, intercept, r, p, stderr, stderr * Math.Sqrt(ssxm + mx * mx), n);
    }

    /// <summary>
    /// scipy.stats.mannwhitneyu(x, y, alternative='two-sided') with its default method: the exact
    /// distribution of U when either sample has at most 8 values and there are no ties, otherwise the
    /// normal approximation with the tie correction and a continuity correction of 0.5. U is the first
    /// sample's statistic; p = 2·P(U ≥ max(U1, U2)), capped at 1. Rank-biserial r = 2·U1/(n1·n2) - 1.
    /// </summary>
    public static MannWhitneyResult MannWhitney(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count == 0 || y.Count == 0)
        {
            throw new ArgumentException("Both samples need at least one value.");
        }

        int n1 = x.Count, n2 = y.Count, n = n1 + n2;
        var all = x.Select(v => (v, first: true)).Concat(y.Select(v => (v, first: false))).OrderBy(t => t.v).ToArray();
        var ranks = new double[n];
        var tieTerm = 0.0;
        var ties = false;
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j + 1 < n && all[j + 1].v == all[i].v)
            {
                j++;
            }

            var rank = (i + j + 2) / 2.0; // average of 1-based ranks i+1 .. j+1
            for (var k = i; k <= j; k++)
            {
                ranks[k] = rank;
            }

            var t = j - i + 1;
            if (t > 1)
            {
                ties = true;
                tieTerm += (double)t * t * t - t;
            }

            i = j + 1;
        }

        var r1 = 0.0;
        for (var k = 0; k < n; k++)
        {
            if (all[k].first)
            {
                r1 += ranks[k];
            }
        }

        var u1 = r1 - n1 * (n1 + 1) / 2.0;
        var u2 = (double)n1 * n2 - u1;
        var u = Math.Max(u1, u2);
        var exact = !(n1 > 8 && n2 > 8) && !ties;
        double p;
        if (exact)
        {
            p = 2 * ExactSurvival((int)Math.Round(u), n1, n2);
        }
        else
        {
            var mu = n1 * n2 / 2.0;
            var s = Math.Sqrt(n1 * n2 / 12.0 * ((n + 1) - tieTerm / (n * (n - 1.0))));
            var z = s == 0 ? 0 : (u - mu - 0.5) / s;
            p = 2 * NormalSurvival(z);
        }

        return new MannWhitneyResult(u1, Math.Min(p, 1.0), n1, n2, 2 * u1 / (n1 * (double)n2) - 1, exact ? "exact" : "asymptotic");
    }

    /// <summary>Means and centred sums of squares and cross-products: Σ(x-x̄)², Σ(y-ȳ)², Σ(x-x̄)(y-ȳ).</summary>
    private static (double Mx, double My, double Sxx, double Syy, double Sxy) CentredSums(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var (mx, my) = (x.Average(), y.Average());
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            var (dx, dy) = (x[i] - mx, y[i] - my);
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return (mx, my, sxx, syy, sxy);
    }

    /// <summary>The two-sided p of a Pearson r over <paramref name="n"/> pairs, as scipy.stats.pearsonr gives it (NaN below 3 pairs).</summary>
    public static double PearsonP(double r, int n) => n < 3 || double.IsNaN(r) ? double.NaN : TwoSidedFromR(Math.Clamp(r, -1, 1), n - 2);

    private static double TwoSidedFromR(double r, int df) =>
        Math.Abs(r) >= 1 ? 0 : SpecialFunctions.BetaRegularized(df / 2.0, 0.5, 1 - r * r);

    private static double NormalSurvival(double z) => 0.5 * SpecialFunctions.Erfc(z / Math.Sqrt(2));

    /// <summary>P(U ≥ u) for samples of n1 and n2 without ties, from the counts of each U value.</summary>
    private static double ExactSurvival(int u, int n1, int n2)
    {
        var counts = UCounts(n1, n2);
        double total = 0, tail = 0;
        for (var k = 0; k < counts.Length; k++)
        {
            total += counts[k];
            if (k >= u)
            {
                tail += counts[k];
            }
        }

        return tail / total;
    }

    /// <summary>How many arrangements give each U (0..n1·n2): f(m, n) = f(m-1, n) shifted by n + f(m, n-1).</summary>
    private static double[] UCounts(int n1, int n2)
    {
        // table[m][n] as arrays of counts; built bottom-up.
        var table = new double[n1 + 1, n2 + 1][];
        for (var m = 0; m <= n1; m++)
        {
            for (var k = 0; k <= n2; k++)
            {
                if (m == 0 || k == 0)
                {
                    table[m, k] = [1];
                    continue;
                }

                var result = new double[m * k + 1];
                var a = table[m - 1, k]; // the largest value belongs to the first sample: U grows by k
                for (var i = 0; i < a.Length; i++)
                {
                    result[i + k] += a[i];
                }

                var b = table[m, k - 1];
                for (var i = 0; i < b.Length; i++)
                {
                    result[i] += b[i];
                }

                table[m, k] = result;
            }
        }

        return table[n1, n2];
    }

    private static void Check(IReadOnlyList<double> x, IReadOnlyList<double> y, int minimum)
    {
        if (x.Count != y.Count)
        {
            throw new ArgumentException("x and y must have the same length.");
        }

        if (x.Count < minimum)
        {
            throw new ArgumentException($"At least {minimum} pairs are needed.");
        }
    }
}
