using System.Globalization;
using System.Text.Json;
using Bio.Core.Forecasting;
using Microsoft.Extensions.AI;

namespace Bio.Core.Plans;

/// <summary>
/// Meal ideas for the plan's fuel days, written by a chat model when one is configured: the model is given
/// each day's session and its targets and asked for meals by name that fit them, with no quantities of its
/// own. Its text is kept only if every number in it is one of the targets (<see cref="ForecastNarrator.UsesOnlyGivenNumbers"/>):
/// a portion the model made up is not shown under Bio's name. Offline, or without gram targets (no weight
/// in the profile), there are no suggestions and the targets stand alone.
/// </summary>
public static class MealSuggestions
{
    private const string Instructions =
        "You suggest meals for a person following a training plan in a fitness app. For each day you are given the planned session and " +
        "daily targets (energy in kcal, carbohydrate and protein in grams). For each day, name a breakfast, a lunch, a dinner and a snack " +
        "that together fit that day's targets and session (more carbohydrate on harder days, around the session). Name foods only: write " +
        "no quantities, portions or numbers of your own; you may repeat a day's targets exactly as given. No medical or allergy advice. " +
        "Plain text, one short paragraph a day starting with the day's date.";

    /// <summary>True when the fuel has gram targets to suggest meals for.</summary>
    public static bool HasTargets(FuelPlan fuel)
    {
        ArgumentNullException.ThrowIfNull(fuel);
        return fuel.Days.Any(d => d.CarbohydrateMinG is not null && d.ProteinMinG is not null);
    }

    /// <summary>The facts the model may use: each day's date, session and targets.</summary>
    public static string Facts(FuelPlan fuel)
    {
        ArgumentNullException.ThrowIfNull(fuel);
        return JsonSerializer.Serialize(fuel.Days.Where(d => d.CarbohydrateMinG is not null).Select(d => new
        {
            date = d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            weekday = d.Date.DayOfWeek.ToString(),
            session = d.Session,
            energy_kcal = d.EnergyKcal,
            carbohydrate_g = new[] { d.CarbohydrateMinG, d.CarbohydrateMaxG },
            protein_g = new[] { d.ProteinMinG, d.ProteinMaxG },
        }));
    }

    /// <summary>The model's meal ideas, or null when there are no targets, the model answered nothing, or it used a number it was not given.</summary>
    public static async Task<string?> WriteAsync(IChatClient chat, FuelPlan fuel, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(chat);
        if (!HasTargets(fuel))
        {
            return null;
        }

        var facts = Facts(fuel);
        var response = await chat.GetResponseAsync(
            [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, facts)],
            new ChatOptions { Temperature = 0.4f }, ct);
        var text = response.Text?.Trim();
        return string.IsNullOrEmpty(text) || !ForecastNarrator.UsesOnlyGivenNumbers(text, facts) ? null : text;
    }
}
