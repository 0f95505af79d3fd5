using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Bio.Core.Forecasting;

/// <summary>
/// Has a chat model write the forecast's narrative from the numbers Bio gives it, and keeps it only if
/// every number in it is one of those numbers (rounded as a person would write it): a model that
/// invents or recomputes a number is not believed, and the templated narrative stays.
/// </summary>
public static partial class ForecastNarrator
{
    public const string Template = "template";
    public const string ChatModel = "chat model";

    private const string Instructions =
        "You write the note under a person's heart-rate-variability (HRV) forecast in a fitness app: two to four plain sentences, " +
        "direct and a little opinionated about what it means for training today. Use only the numbers in the JSON you are given, " +
        "exactly as given or rounded; never compute, estimate or invent another number, and no percentages that are not there. " +
        "No medical diagnosis. Say which method made the forecast.";

    /// <summary>The facts the model may use, and nothing else.</summary>
    public static string Facts(HrvForecast forecast)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        var tomorrow = forecast.Days[0];
        return JsonSerializer.Serialize(new
        {
            tomorrow = new { date = tomorrow.Date.ToString("dddd d MMMM", CultureInfo.InvariantCulture), hrv_ms = Math.Round(tomorrow.HrvMs), low_80 = Round(tomorrow.Lower80), high_80 = Round(tomorrow.Upper80) },
            next_7_days_ms = new { low = Math.Round(forecast.Days.Min(d => d.HrvMs)), high = Math.Round(forecast.Days.Max(d => d.HrvMs)) },
            method = ForecastMethods.Describe(forecast.Method),
            why_this_method = forecast.MethodReason,
            drivers = forecast.Drivers.Select(d => new { feature = WalkForward.Label(d.Feature), effect_percent = Math.Round(d.EffectPercent, 1) }),
        });
    }

    private static double? Round(double? v) => v is { } x ? Math.Round(x) : null;

    /// <summary>The chat model's narrative, or null when it failed or used a number it was not given.</summary>
    public static async Task<string?> WriteAsync(IChatClient chat, HrvForecast forecast, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var facts = Facts(forecast);
        var response = await chat.GetResponseAsync(
            [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, facts)],
            new ChatOptions { Temperature = 0.3f }, ct);
        var text = response.Text?.Trim();
        return string.IsNullOrEmpty(text) || !UsesOnlyGivenNumbers(text, facts) ? null : text;
    }

    /// <summary>True when every number in <paramref name="text"/> appears among the numbers of <paramref name="facts"/> (or 7, 80, 95).</summary>
    public static bool UsesOnlyGivenNumbers(string text, string facts)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(facts);
        var allowed = Number().Matches(facts).Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)).Concat([7, 80, 95]).ToList();
        return Number().Matches(text).All(m =>
        {
            var value = Math.Abs(double.Parse(m.Value, CultureInfo.InvariantCulture));
            return allowed.Any(a => Math.Abs(Math.Abs(a) - value) < 0.051 || Math.Abs(Math.Round(Math.Abs(a)) - value) < 0.001);
        });
    }

    [GeneratedRegex(@"-?\d+(?:\.\d+)?")]
    private static partial Regex Number();
}
