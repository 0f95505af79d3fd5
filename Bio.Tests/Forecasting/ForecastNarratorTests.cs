using System.Text.Json;
using Bio.Core.Forecasting;
using Bio.Tests.Infrastructure;

namespace Bio.Tests.Forecasting;

public sealed class ForecastNarratorTests
{
    private static readonly HrvForecast Forecast = new(
        new DateOnly(2026, 6, 30), ForecastMethods.Model, 3, "the model beat both baselines (next-day MAE 4.1 ms against 5.2 ms)",
        [.. Enumerable.Range(1, 7).Select(h => new ForecastDay(new DateOnly(2026, 6, 30).AddDays(h), h, 48 + h, 41 + h, 56 + h, 37 + h, 61 + h))],
        [new ForecastDriver("ln_hrv_vs_28d", -0.12, -3.4), new ForecastDriver("load_today", 110, -2.1)],
        [], "Tomorrow, template.");

    [Fact]
    public async Task TheModelIsGivenOnlyTheNumbersAndItsTextIsKeptWhenItUsesOnlyThose()
    {
        var chat = new ScriptedChatClient(messages =>
        {
            var facts = JsonDocument.Parse(messages[^1].Text).RootElement;
            var tomorrow = facts.GetProperty("tomorrow");
            return $"Tomorrow your HRV should be around {tomorrow.GetProperty("hrv_ms").GetDouble()} ms ({tomorrow.GetProperty("low_80").GetDouble()}-{tomorrow.GetProperty("high_80").GetDouble()} ms, 80 % interval). " +
                   "Yesterday's hard session is the biggest drag (-2.1 %). Your own model made this.";
        });

        var text = await ForecastNarrator.WriteAsync(chat, Forecast);

        Assert.Equal("Tomorrow your HRV should be around 49 ms (42-57 ms, 80 % interval). Yesterday's hard session is the biggest drag (-2.1 %). Your own model made this.", text);
        var request = Assert.Single(chat.Requests);
        Assert.Contains("never compute, estimate or invent another number", request[0].Text, StringComparison.Ordinal);
        Assert.Equal(ForecastNarrator.Facts(Forecast), request[1].Text);
        // The method reaches the model in a person's words, so its text cannot repeat an internal name.
        Assert.Equal("your pattern model", JsonDocument.Parse(request[1].Text).RootElement.GetProperty("method").GetString());
    }

    [Theory]
    [InlineData("Tomorrow your HRV will be 52 ms, about 9 % above normal.")] // 52 and 9 are not given
    [InlineData("Expect 49 ms; recovery should be complete in 12 days.")]
    [InlineData("")]
    public async Task AnInventedNumberOrNoTextKeepsTheTemplate(string reply)
    {
        var chat = new ScriptedChatClient(_ => reply);
        Assert.Null(await ForecastNarrator.WriteAsync(chat, Forecast));
    }
}
