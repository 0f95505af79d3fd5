using System.Text.Json;
using Bio.Core.Analytics;
using Bio.Core.Charts;

namespace Bio.Tests.Charts;

/// <summary>The spec the dashboard's chart script draws: the same points as the SVG, and safe inside a script element.</summary>
public sealed class ChartJsonTests
{
    [Fact]
    public void TheSpecCarriesEveryFinitePointWithItsDayNumberBandAndLabelAndCannotCloseItsScript()
    {
        var day = new DateOnly(2026, 6, 10);
        var spec = new ChartSpec("line", "HRV </script><b>", "date", "HRV (ms)",
        [
            new ChartSeries("normal range", "band", [new ChartPoint(day.DayNumber, "Jun 10", 47.44444, 42.4)]),
            new ChartSeries("nightly HRV", "points", [new ChartPoint(day.DayNumber, "Jun 10", 50.25), new ChartPoint(day.DayNumber + 1, "Jun 11", double.NaN)]),
        ]);

        var json = ChartJson.Of(spec);

        Assert.DoesNotContain("</script>", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal("HRV </script><b>", root.GetProperty("title").GetString());
        Assert.False(root.GetProperty("categorical").GetBoolean());
        var band = root.GetProperty("series")[0];
        Assert.Equal("band", band.GetProperty("kind").GetString());
        Assert.Equal(SvgChart.Palette[0], band.GetProperty("colour").GetString());
        var p = band.GetProperty("points")[0];
        Assert.Equal(day.DayNumber, p[0].GetInt32());
        Assert.Equal(47.4444, p[1].GetDouble());
        Assert.Equal(42.4, p[2].GetDouble());
        Assert.Equal("Jun 10", p[3].GetString());
        var dots = root.GetProperty("series")[1].GetProperty("points");
        Assert.Equal(1, dots.GetArrayLength()); // the NaN is not a point
        Assert.Equal(JsonValueKind.Null, dots[0][2].ValueKind);
    }

    [Fact]
    public void ABarChartIsCategoricalAndItsPointsAreNamedNotPlaced()
    {
        var spec = new ChartSpec("bar", "Readiness by workout", "workout", "readiness",
            [new ChartSeries("median", "bar", [new ChartPoint(null, "running (n=46)", 73.2), new ChartPoint(5, "strength (n=129)", 63.7)])]);

        var root = JsonDocument.Parse(ChartJson.Of(spec)).RootElement;

        Assert.True(root.GetProperty("categorical").GetBoolean());
        var points = root.GetProperty("series")[0].GetProperty("points");
        Assert.All(points.EnumerateArray(), p => Assert.Equal(JsonValueKind.Null, p[0].ValueKind));
        Assert.Equal(["running (n=46)", "strength (n=129)"], points.EnumerateArray().Select(p => p[3].GetString()));
    }
}
