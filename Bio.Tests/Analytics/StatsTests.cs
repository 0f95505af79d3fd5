using Bio.Core.Analytics;

namespace Bio.Tests.Analytics;

/// <summary>
/// Bio's statistics against SciPy. The expected values were computed with SciPy 1.10.1 / NumPy 1.24.2
/// (Debian's python3-scipy) by running, for each fixture below:
/// <code>
/// from scipy import stats
/// stats.pearsonr(x, y)                                # .statistic, .pvalue
/// stats.linregress(x, y)                              # slope, intercept, rvalue, pvalue, stderr, intercept_stderr
/// stats.mannwhitneyu(x, y, alternative='two-sided')   # default method ('auto'): statistic, pvalue
/// </code>
/// and pasting repr() of each number. Tolerance 1e-6 absolute, and 1e-6 relative for tiny p-values.
/// </summary>
public sealed class StatsTests
{
    private static readonly double[] Sleep = [72, 85, 64, 90, 78, 81, 69, 74, 88, 93, 57, 66, 80, 77, 71, 83, 62, 75, 91, 86, 68, 79, 73, 84, 70, 65, 89, 76, 82, 60];
    private static readonly double[] Ready = [70, 82, 61, 85, 80, 78, 66, 72, 90, 88, 60, 63, 79, 75, 69, 86, 58, 77, 87, 84, 65, 74, 76, 81, 68, 67, 92, 71, 80, 59];

    private static void Near(double expected, double actual)
    {
        Assert.Equal(expected, actual, 1e-6);
        if (expected != 0 && Math.Abs(expected) < 1e-3)
        {
            Assert.Equal(1.0, actual / expected, 1e-6); // tiny p-values: relative agreement too
        }
    }

    [Fact]
    public void PearsonMatchesScipy()
    {
        var r = Stats.Pearson(Sleep, Ready);
        Near(0.9623964320943924, r.R);
        Near(2.1988978406298117e-17, r.P);
        Assert.Equal(30, r.N);

        var small = Stats.Pearson([1.0, 2.0, 3.0, 4.0, 5.0], [2.1, 3.9, 6.2, 7.8, 9.7]);
        Near(0.9987551039312825, small.R);
        Near(5.271720619674241e-05, small.P);

        var negative = Stats.Pearson([5, 3, 8, 1, 9, 2, 7], [40, 55, 31, 70, 22, 61, 38]);
        Near(-0.9836323557832233, negative.R);
        Near(6.525300972910086e-05, negative.P);
    }

    [Fact]
    public void LinregressMatchesScipy()
    {
        var fit = Stats.Linregress(Sleep, Ready);
        Near(0.9616193983452099, fit.Slope);
        Near(1.427160552871996, fit.Intercept);
        Near(0.9623964320943921, fit.R);
        Near(2.1988978406299867e-17, fit.P);
        Near(0.05129536155353655, fit.StdErr);
        Near(3.9432534195769446, fit.InterceptStdErr);

        // The readiness-trend use: a slope over 14 days of a moving average.
        double[] ma = [61.2, 62.0, 62.9, 63.1, 64.4, 64.9, 66.0, 66.8, 67.5, 68.1, 69.0, 69.2, 70.4, 71.0];
        var trend = Stats.Linregress([.. Enumerable.Range(0, 14).Select(i => (double)i)], ma);
        Near(0.758021978021978, trend.Slope);
        Near(61.251428571428576, trend.Intercept);
        Near(0.9978546991027694, trend.R);
        Near(1.400954266893471e-15, trend.P);
        Near(0.014356544610153827, trend.StdErr);
        Near(0.10980645167240953, trend.InterceptStdErr);
    }

    [Theory]
    [InlineData(new[] { 61.5, 70.2, 58.3, 66.1, 73.4 }, new[] { 55.0, 52.3, 63.1, 49.8, 57.7, 60.4, 51.2 }, 32.0, 0.01767676767676768, "exact")]
    [InlineData(new[] { 10.5, 11.2, 9.8, 12.1, 13.4, 10.9, 11.7, 12.6, 9.5 }, new[] { 8.1, 9.9, 7.7 }, 25.0, 0.03636363636363636, "exact")]
    [InlineData(new[] { 3.0, 5, 5, 7 }, new[] { 1.0, 2, 5, 6, 8 }, 11.0, 0.9008653893206502, "asymptotic")]
    [InlineData(new[] { 50.0, 52.5, 55.1, 57.6, 60.2, 62.7, 65.3, 67.8, 70.4, 72.9, 75.5, 78.0 }, new[] { 48.1, 51.2, 54.2, 57.3, 60.3, 63.4, 66.4, 69.5, 72.5, 75.6 }, 68.0, 0.6209281438231145, "asymptotic")]
    [InlineData(
        new[] { 70.0, 72, 68, 75, 72, 80, 66, 71, 74, 69, 73, 77, 72, 70, 68, 79, 75, 71, 73, 76 },
        new[] { 65.0, 68, 70, 62, 66, 72, 64, 69, 67, 63, 70, 66, 61, 68, 65, 71, 60, 67, 69, 64, 66, 70, 62, 68, 65 },
        452.0, 3.9441827196207345e-06, "asymptotic")]
    public void MannWhitneyMatchesScipysDefaultMethod(double[] x, double[] y, double u, double p, string method)
    {
        var result = Stats.MannWhitney(x, y);
        Near(u, result.U);
        Near(p, result.P);
        Assert.Equal(method, result.Method);
        Near(2 * u / (x.Length * y.Length) - 1, result.RankBiserial);
    }

    [Fact]
    public void DegenerateInputsAreHandled()
    {
        Assert.True(double.IsNaN(Stats.Pearson([1.0, 1, 1], [1.0, 2, 3]).R)); // constant x: no correlation (SciPy warns, returns nan)
        Assert.Throws<ArgumentException>(() => Stats.Pearson([1.0], [2.0]));
        Assert.Throws<ArgumentException>(() => Stats.Linregress([2.0, 2, 2], [1.0, 2, 3]));
        Assert.Throws<ArgumentException>(() => Stats.MannWhitney([], [1.0]));
        Assert.Equal(1.0, Stats.Pearson([1.0, 2], [3.0, 5]).P);
    }
}
