using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Bio.Core.Analytics;

/// <summary>
/// A difference of two means with Welch's t: mean(x) - mean(y), its standard error
/// sqrt(s²x/nx + s²y/ny), the Welch-Satterthwaite degrees of freedom, the two-sided p and the 95 % interval.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.WelchResult")]
public sealed record WelchResult(
    [property: Id(0)] double Difference,
    [property: Id(1)] double StdErr,
    [property: Id(2)] double Df,
    [property: Id(3)] double T,
    [property: Id(4)] double P,
    [property: Id(5)] double Low,
    [property: Id(6)] double High);

/// <summary>One coefficient of a least-squares fit: the estimate, its standard error, t, the two-sided p and the 95 % interval.</summary>
[GenerateSerializer, Immutable, Alias("bio.OlsCoefficient")]
public sealed record OlsCoefficient(
    [property: Id(0)] string Name,
    [property: Id(1)] double Estimate,
    [property: Id(2)] double StdErr,
    [property: Id(3)] double T,
    [property: Id(4)] double P,
    [property: Id(5)] double Low,
    [property: Id(6)] double High);

/// <summary>An ordinary least-squares fit: its coefficients (in the order of the design's columns), n and the residual degrees of freedom.</summary>
public sealed record OlsFit(IReadOnlyList<OlsCoefficient> Coefficients, int N, int Df)
{
    public OlsCoefficient this[string name] => Coefficients.First(c => c.Name == name);
}

/// <summary>
/// The statistics of journal effects, written to give the numbers of SciPy and statsmodels (tests compare
/// them to 1e-6 with values computed by those libraries): Welch's two-sample t
/// (<c>scipy.stats.ttest_ind(equal_var=False)</c>, statsmodels' <c>CompareMeans.tconfint_diff(usevar='unequal')</c>),
/// ordinary least squares with classical standard errors (<c>statsmodels OLS(...).fit()</c>: params, bse,
/// pvalues, conf_int(0.05)) and the Benjamini-Hochberg adjusted p-values
/// (<c>statsmodels.stats.multitest.multipletests(method='fdr_bh')</c>).
/// </summary>
public static class EffectStats
{
    /// <summary>Welch's t for mean(x) - mean(y); each sample needs at least two values and the two not both constant.</summary>
    public static WelchResult Welch(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count < 2 || y.Count < 2)
        {
            throw new ArgumentException("Each sample needs at least two values.");
        }

        var (mx, vx) = MeanVariance(x);
        var (my, vy) = MeanVariance(y);
        var (ax, ay) = (vx / x.Count, vy / y.Count);
        var se = Math.Sqrt(ax + ay);
        if (se == 0)
        {
            throw new ArgumentException("Both samples are constant: there is no spread to test against.");
        }

        var df = (ax + ay) * (ax + ay) / (ax * ax / (x.Count - 1) + ay * ay / (y.Count - 1));
        var diff = mx - my;
        var t = diff / se;
        var half = TQuantile975(df) * se;
        return new WelchResult(diff, se, df, t, TwoSidedP(t, df), diff - half, diff + half);
    }

    /// <summary>
    /// Ordinary least squares of y on the columns of x (no intercept is added: give a column of ones),
    /// solved by Householder QR; standard errors from s² (X'X)⁻¹ with s² = RSS / (n - p). Null when the
    /// columns are linearly dependent or leave no residual degrees of freedom.
    /// </summary>
    public static OlsFit? Ols(IReadOnlyList<double> y, IReadOnlyList<double[]> x, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(names);
        var (n, p) = (y.Count, names.Count);
        if (x.Count != n || x.Any(row => row.Length != p))
        {
            throw new ArgumentException("x needs one row per y value and one column per name.");
        }

        if (n - p < 1)
        {
            return null;
        }

        var design = Matrix<double>.Build.DenseOfRowArrays(x);
        var qr = design.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var r = qr.R;
        var largest = Enumerable.Range(0, p).Max(i => Math.Abs(r[i, i]));
        if (Enumerable.Range(0, p).Any(i => Math.Abs(r[i, i]) <= 1e-10 * largest))
        {
            return null; // a column is (numerically) a combination of the others
        }

        var beta = qr.Solve(Vector<double>.Build.DenseOfEnumerable(y));
        var residual = Vector<double>.Build.DenseOfEnumerable(y) - design * beta;
        var df = n - p;
        var s2 = residual.DotProduct(residual) / df;
        var rInverse = r.Inverse();
        var covariance = rInverse * rInverse.Transpose() * s2; // (X'X)⁻¹ = R⁻¹ R⁻ᵀ
        var q = TQuantile975(df);
        var coefficients = new List<OlsCoefficient>(p);
        for (var j = 0; j < p; j++)
        {
            var se = Math.Sqrt(covariance[j, j]);
            var t = beta[j] / se;
            coefficients.Add(new OlsCoefficient(names[j], beta[j], se, t, TwoSidedP(t, df), beta[j] - q * se, beta[j] + q * se));
        }

        return new OlsFit(coefficients, n, df);
    }

    /// <summary>
    /// Benjamini-Hochberg adjusted p-values, in the input's order: p(i)/(i/m) over the ascending p-values,
    /// made monotone from the largest down and capped at 1. A hypothesis is a discovery at false-discovery
    /// rate q when its adjusted p is at most q.
    /// </summary>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var m = p.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => p[i]).ToArray();
        var adjusted = new double[m];
        var running = 1.0;
        for (var k = m - 1; k >= 0; k--)
        {
            running = Math.Min(running, p[order[k]] / ((k + 1) / (double)m)); // p over its rank's share, as statsmodels divides
            adjusted[order[k]] = Math.Min(running, 1.0);
        }

        return adjusted;
    }

    /// <summary>The two-sided p of Student's t with df degrees of freedom: I_{df/(df+t²)}(df/2, 1/2).</summary>
    public static double TwoSidedP(double t, double df) =>
        double.IsNaN(t) ? double.NaN : SpecialFunctions.BetaRegularized(df / 2.0, 0.5, df / (df + t * t));

    /// <summary>The 97.5th percentile of Student's t (the half-width of a 95 % interval is this times the SE).</summary>
    public static double TQuantile975(double df) => StudentT.InvCDF(0, 1, df, 0.975);

    private static (double Mean, double Variance) MeanVariance(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        var ss = values.Sum(v => (v - mean) * (v - mean));
        return (mean, ss / (values.Count - 1));
    }
}
