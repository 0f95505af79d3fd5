using System.Text.Json;
using Bio.Core.Plans;
using Bio.Core.Users;
using Bio.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Bio.Tests.Plans;

/// <summary>A configured chat model turns the plan's fuel targets into meal ideas; a made-up portion is never shown, and offline the targets stand alone.</summary>
public sealed class MealSuggestionsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateOnly Monday = new(2026, 6, 15);

    private static FuelPlan Fuel(bool grams = true) => new(
        [
            new FuelDay(Monday, Sessions.Hard, 2900, 1400, 500, 1000, grams ? 384 : null, grams ? 640 : null, 6, 10, grams ? 77 : null, grams ? 128 : null, "hard: 6-10 g/kg"),
            new FuelDay(Monday.AddDays(1), Sessions.Easy, 2300, 1400, 500, 400, grams ? 192 : null, grams ? 320 : null, 3, 5, grams ? 77 : null, grams ? 128 : null, "easy: 3-5 g/kg"),
        ],
        grams ? [] : ["your weight (kg), for grams of carbohydrate and protein"],
        ["Thomas, Erdman and Burke 2016"]);

    [Fact]
    public async Task MealsByNameAreKeptAndAMadeUpPortionIsNot()
    {
        var honest = new ScriptedChatClient(messages =>
        {
            var days = JsonDocument.Parse(messages[^1].Text).RootElement;
            var first = days[0];
            return $"{first.GetProperty("date").GetString()}: porridge with banana, rice bowl with chicken, pasta with salmon; " +
                $"that is about {first.GetProperty("carbohydrate_g")[0].GetInt32()} g of carbohydrate or more.";
        });
        var written = await MealSuggestions.WriteAsync(honest, Fuel(), TestContext.Current.CancellationToken);
        Assert.Equal("2026-06-15: porridge with banana, rice bowl with chicken, pasta with salmon; that is about 384 g of carbohydrate or more.", written);
        Assert.Contains("write no quantities", honest.Requests[0][0].Text, StringComparison.Ordinal);
        Assert.Contains("\"protein_g\":[77,128]", honest.Requests[0][1].Text, StringComparison.Ordinal);

        var inventive = new ScriptedChatClient(_ => "Breakfast: 3 eggs and 150 g of oats.");
        Assert.Null(await MealSuggestions.WriteAsync(inventive, Fuel(), TestContext.Current.CancellationToken));

        // Without a weight there are no gram targets: the model is not asked.
        var unasked = new ScriptedChatClient(_ => "porridge");
        Assert.Null(await MealSuggestions.WriteAsync(unasked, Fuel(grams: false), TestContext.Current.CancellationToken));
        Assert.Empty(unasked.Requests);
    }

    [Fact]
    public async Task ThePlanCarriesTheMealIdeasWhenAChatModelIsConfigured()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
        var chat = new ScriptedChatClient(messages =>
            string.Join(" ", JsonDocument.Parse(messages[^1].Text).RootElement.EnumerateArray().Select(d => $"{d.GetProperty("weekday").GetString()}: oats, a rice bowl, fish with potatoes.")));
        await using var cluster = new TestCluster(azurite, "bio-tests-meals-" + Guid.NewGuid().ToString("N")[..8]);
        await cluster.StartSiloAsync(null, services =>
        {
            services.Replace(ServiceDescriptor.KeyedSingleton<TimeProvider>(Bio.Silo.Extensions.UserClock, clock));
            services.AddSingleton<Microsoft.Extensions.AI.IChatClient>(chat);
        });
        var client = await cluster.ConnectAsync();
        var id = "meals-" + Guid.NewGuid().ToString("N")[..10];
        await client.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser("Meals", "UTC"));
        var grain = client.GetGrain<IUserGrain>(id);
        await grain.GenerateSyntheticAsync(days: 120, seed: 5);

        var offline = await grain.GetPlanAsync();
        Assert.Null(offline.Fuel.Meals); // no weight: no grams, the model is not asked
        Assert.DoesNotContain(chat.Requests, r => r[0].Text.Contains("meals", StringComparison.Ordinal));

        await client.GetGrain<IAccountGrain>(id).UpdateBodyAsync(new BodyProfile(170, 64, 1990, "female"));
        var plan = await grain.GetPlanAsync();
        Assert.Equal("Monday: oats, a rice bowl, fish with potatoes. Tuesday: oats, a rice bowl, fish with potatoes. Wednesday: oats, a rice bowl, fish with potatoes.", plan.Fuel.Meals);
        Assert.Contains(chat.Requests, r => r[0].Text.Contains("meals", StringComparison.Ordinal));
    }
}
