using Bio.Core.Analytics;

namespace Bio.Tests.Analytics;

public sealed class DurationsTests
{
    [Theory]
    [InlineData(419.6, 7, 0)] // flooring the hours and rounding the rest showed "6:60"
    [InlineData(419.4, 6, 59)]
    [InlineData(480, 8, 0)]
    [InlineData(59.5, 1, 0)]
    [InlineData(0.2, 0, 0)]
    [InlineData(-3, 0, 0)]
    public void RoundsToTheMinuteBeforeSplitting(double minutes, int hours, int rest) =>
        Assert.Equal((hours, rest), Durations.HoursAndMinutes(minutes));
}
