using Bio.Core.Users;

namespace Bio.Tests.Users;

public sealed class UserIdTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("ada")]
    [InlineData("0")]
    [InlineData("user-42")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789-abcdefghijklmnopqrstuvwxyz")] // 63 characters
    public void AcceptsLowerCaseLettersDigitsAndHyphens(string id) => Assert.True(UserId.IsValid(id));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-ada")]
    [InlineData("Ada")]
    [InlineData("ada_lovelace")]
    [InlineData("ada lovelace")]
    [InlineData("../etc")]
    [InlineData("ada\n")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789-abcdefghijklmnopqrstuvwxyz0")] // 64 characters
    public void RefusesAnythingElse(string? id) => Assert.False(UserId.IsValid(id));

    [Fact]
    public void NewIdsAreValidAndDistinct()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => UserId.New()).ToList();
        Assert.All(ids, id => Assert.True(UserId.IsValid(id)));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
