using Bio.Core.Users;

namespace Bio.Tests.Users;

public sealed class TimeZonesTests
{
    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/Los_Angeles")]
    [InlineData("Asia/Kolkata")]
    [InlineData("UTC")]
    public void AcceptsIanaZones(string id)
    {
        Assert.True(TimeZones.TryGet(id, out var zone));
        Assert.NotNull(zone);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("+02:00")]
    public void RefusesUnknownOrWindowsZones(string? id) => Assert.False(TimeZones.TryGet(id, out _));
}
