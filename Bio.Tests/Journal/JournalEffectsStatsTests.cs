using System.Globalization;
using Bio.Core.Analytics;
using Bio.Core.Journal;
using Bio.Tests.Ingest;

namespace Bio.Tests.Journal;

/// <summary>
/// The journal effects' statistics against SciPy and statsmodels. The fixtures
/// (Fixtures/journal/effects-60.csv, effects-unbalanced.csv: morning, yes, value, previous_load, ill) were
/// written by Fixtures/journal/make_effects_fixture.py, and the expected values computed outside Bio by
/// <c>/usr/bin/python3 Bio.Tests/Fixtures/journal/reference.py</c> with Debian's python3-scipy 1.10.1,
/// python3-statsmodels 0.13.5, numpy 1.24.2 and pandas 1.5.3 (Python 3.11.2):
/// <code>
/// stats.ttest_ind(yes, no, equal_var=False)                        # t, p
/// CompareMeans(DescrStatsW(yes), DescrStatsW(no))                  # .ttest_ind(usevar='unequal') df, .tconfint_diff(usevar='unequal')
/// smf.ols("value ~ yes + C(weekday) + previous_load + ill", d).fit()  # weekday of the evening before; params, bse, tvalues, pvalues, conf_int()
/// multipletests(p, alpha=0.10, method='fdr_bh')                    # adjusted p, reject
/// stats.t.ppf(0.975, df)
/// </code>
/// and pasting repr() of each number. Tolerance 1e-6.
/// </summary>
public sealed class JournalEffectsStatsTests
{
    private static List<EffectRow> Rows(string name) =>
        [.. File.ReadAllLines(Fixture.Path($"journal/{name}")).Skip(1).Select(l => l.Split(',')).Select(c => new EffectRow(
            DateOnly.ParseExact(c[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), c[1] == "1",
            double.Parse(c[2], CultureInfo.InvariantCulture), double.Parse(c[3], CultureInfo.InvariantCulture), c[4] == "1"))];

    private static void Near(double expected, double actual) => Assert.Equal(expected, actual, 1e-6);

    [Fact]
    public void WelchDifferenceAndIntervalMatchScipyAndStatsmodels()
    {
        var (raw, _, _) = JournalEffects.Estimate(Rows("effects-60.csv"));
        Assert.NotNull(raw);
        Near(-5.137740693196399, raw.Difference);
        Near(1.7788431463448968, raw.StdErr);
        Near(36.340642834021466, raw.Df);
        Near(-2.888248299887061, raw.T);
        Near(0.006490232357605669, raw.P);
        Near(-8.744227973261644, raw.Low);
        Near(-1.5312534131311404, raw.High);

        var (small, _, _) = JournalEffects.Estimate(Rows("effects-unbalanced.csv"));
        Assert.NotNull(small);
        Near(2.161363636363653, small.Difference);
        Near(2.1981299018133025, small.StdErr);
        Near(21.862025778073583, small.Df);
        Near(0.9832738431794591, small.T);
        Near(0.3362301159975739, small.P);
        Near(-2.398947421010913, small.Low);
        Near(6.721674693738176, small.High);
    }

    [Fact]
    public void AdjustedEffectMatchesStatsmodelsOls()
    {
        var rows = Rows("effects-60.csv");
        var (_, adjusted, covariates) = JournalEffects.Estimate(rows);
        Assert.NotNull(adjusted);
        Near(-4.641727494428283, adjusted.Estimate);
        Near(1.723017241268367, adjusted.StdErr);
        Near(-2.6939530164024137, adjusted.T);
        Near(0.009587266338523458, adjusted.P);
        Near(-8.102509470574224, adjusted.Low);
        Near(-1.1809455182823414, adjusted.High);
        Assert.Equal(["weekday", "the previous day's training load", "illness"], covariates);

        var (fit, _) = JournalEffects.Adjust(rows);
        Assert.NotNull(fit);
        Assert.Equal(50, fit.Df);
        Near(-0.04436052085435717, fit["previous day's load"].Estimate);
        Near(0.025165416088130006, fit["previous day's load"].StdErr);
        Near(-8.575643774870167, fit["ill"].Estimate);
        Near(3.158116208900051, fit["ill"].StdErr);

        var (_, small, _) = JournalEffects.Estimate(Rows("effects-unbalanced.csv"));
        Assert.NotNull(small);
        Near(3.4533214919762063, small.Estimate);
        Near(2.264183049321125, small.StdErr);
        Near(1.5251953648410288, small.T);
        Near(0.14213052148199737, small.P);
        Near(-1.2553049243897005, small.Low);
        Near(8.161947908342114, small.High);
    }

    [Fact]
    public void BenjaminiHochbergMatchesStatsmodels()
    {
        double[] p = [0.0004, 0.019, 0.031, 0.2, 0.044, 0.9, 0.012, 0.6, 0.048, 0.07];
        double[] expected = [0.004, 0.06333333333333334, 0.0775, 0.25, 0.08, 0.9, 0.06, 0.6666666666666666, 0.08, 0.10000000000000002];
        var adjusted = EffectStats.BenjaminiHochberg(p);
        for (var i = 0; i < p.Length; i++)
        {
            Near(expected[i], adjusted[i]);
        }

        // statsmodels rejects at alpha 0.10: True, True, True, False, True, False, True, False, True, False.
        Assert.Equal([true, true, true, false, true, false, true, false, true, false], adjusted.Select(a => a <= JournalEffects.Fdr).ToArray());
    }

    [Theory]
    [InlineData(3, 3.182446305284263)]
    [InlineData(10.5, 2.213840292905307)]
    [InlineData(27.318, 2.0507135079129624)]
    [InlineData(200, 1.9718962236316089)]
    public void TQuantileMatchesScipy(double df, double expected) => Near(expected, EffectStats.TQuantile975(df));

    [Fact]
    public void BelowTenDaysOfEitherThereIsNoEstimate()
    {
        var rows = Rows("effects-60.csv");
        var nine = rows.Where(r => !r.Yes).Concat(rows.Where(r => r.Yes).Take(9)).ToList();
        Assert.Equal((null, null), (JournalEffects.Estimate(nine).Raw, JournalEffects.Estimate(nine).Adjusted));
        var ten = rows.Where(r => !r.Yes).Concat(rows.Where(r => r.Yes).Take(10)).ToList();
        Assert.NotNull(JournalEffects.Estimate(ten).Adjusted);
    }
}
