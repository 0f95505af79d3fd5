using System.Globalization;
using System.Text.Json;

namespace Bio.Core.Ingest.Oura;

/// <summary>
/// Oura API JSON (FORMATS.md §1c-1d): a v2 page <c>{"data":[…], "next_token":…}</c> of sleep,
/// daily_readiness, daily_sleep, daily_activity, daily_spo2, workout or heartrate items (the kind is
/// told by the items' fields), or a legacy v1 dump <c>{"sleep":[…]}</c>. A page is read as one document (API pages
/// are small). v1 arrays mark gaps with 0; only the summary values are used. The v1 night belongs to the
/// local date its bedtime ended, as v2's <c>day</c> does.
/// </summary>
public sealed class OuraJsonImporter : IImporter
{
    public string Source => OuraTrendsCsvImporter.SourceName;

    public static bool Recognizes(JsonElement root)
    {
        var (envelope, items) = Json.Items(root);
        var first = items.FirstOrDefault();
        return (envelope == "data" && first.ValueKind == JsonValueKind.Object && first.Has("day"))
            || (envelope == "data" && first.ValueKind == JsonValueKind.Object && first.Has("bpm") && first.Has("timestamp"))
            || (envelope == "sleep" && first.ValueKind == JsonValueKind.Object && (first.Has("summary_date") || first.Has("rmssd")));
    }

    public ImportBatch Import(Stream input, ImportContext context)
    {
        using var document = JsonDocument.Parse(input, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 32 });
        var (envelope, items) = Json.Items(document.RootElement);
        var batch = new ImportBatch(Source);
        var periods = new List<OuraSleepPeriod>();
        var heartRate = new Dictionary<DateOnly, List<(long Row, long Index, string Kind, double Bpm)>>();
        foreach (var (item, index) in items.Select((item, i) => (item, i + 1)))
        {
            var id = batch.RowRead(context.FileName, index);
            void Reject(string reason) => batch.Reject(new Rejection(context.FileName, index, reason, Rejection.Cut(item.GetRawText())));

            if (item.Has("bpm") && item.Has("timestamp"))
            {
                // UTC samples: the person's local day. Kept per day and decided below.
                if (!DateTimeOffset.TryParse(item.Get("timestamp").Text(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ||
                    item.Get("bpm").Number() is not { } bpm)
                {
                    Reject("heart-rate sample without a timestamp or bpm");
                    continue;
                }

                var local = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, context.Zone).DateTime);
                (heartRate.TryGetValue(local, out var list) ? list : heartRate[local] = []).Add((id, index, item.Get("source").Text() ?? "", bpm));
                batch.RowAccepted();
                continue;
            }

            if (envelope == "sleep")
            {
                if (V1Period(item, id, index, context.FileName) is { } v1)
                {
                    periods.Add(v1);
                    batch.RowAccepted();
                }
                else
                {
                    Reject("no date: neither bedtime_end nor summary_date is a date");
                }

                continue;
            }

            var dayText = item.Get("day").Text();
            if (!DateOnly.TryParseExact(dayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                Reject($"day is not ISO yyyy-MM-dd: '{dayText}'");
                continue;
            }

            if (item.Has("average_hrv") || item.Has("total_sleep_duration"))
            {
                periods.Add(new OuraSleepPeriod(id, context.FileName, index, day, item.Get("type").Text() ?? "",
                    item.Get("total_sleep_duration").Number(), item.Get("time_in_bed").Number(), item.Get("deep_sleep_duration").Number(),
                    item.Get("rem_sleep_duration").Number(), item.Get("light_sleep_duration").Number(), item.Get("awake_time").Number(),
                    item.Get("efficiency").Number(), item.Get("average_hrv").Number(), item.Get("lowest_heart_rate").Number(),
                    item.Get("average_breath").Number(), item.Path("readiness", "score").Number(), item.Path("readiness", "temperature_deviation").Number())
                {
                    ReadinessContributors = [.. Devices.OuraReadinessContributors.Select(c => (c.Metric, item.Path("readiness", "contributors", c.Key).Number()))],
                });
                batch.RowAccepted();
                continue;
            }

            if (item.Has("activity") && item.Has("start_datetime"))
            {
                Workout(batch, item, id, Reject);
                continue;
            }

            var values = new List<(Metric, double?)>();
            if (item.Path("contributors", "hrv_balance") is not null || item.Has("temperature_deviation"))
            {
                values.Add((Metric.ReadinessScore, item.Get("score").Number()));
                values.Add((Metric.SkinTempDevC, item.Get("temperature_deviation").Number()));
                values.AddRange(Devices.OuraReadinessContributors.Select(c => (c.Metric, item.Path("contributors", c.Key).Number())));
            }
            else if (item.Path("contributors", "deep_sleep") is not null)
            {
                values.Add((Metric.SleepScore, item.Get("score").Number()));
            }
            else if (item.Has("steps") || item.Has("active_calories"))
            {
                values.Add((Metric.Steps, item.Get("steps").Number()));
                values.Add((Metric.ActiveKcal, item.Get("active_calories").Number()));
                values.Add((Metric.TotalKcal, item.Get("total_calories").Number() is { } total and not 0 ? total : null));
            }
            else if (item.Has("spo2_percentage"))
            {
                values.Add((Metric.Spo2Percent, item.Path("spo2_percentage", "average").Number() ?? item.Get("spo2_percentage").Number()));
            }

            string? problem = null;
            var before = batch.Daily.Count;
            foreach (var (metric, value) in values)
            {
                if (value is not { } v)
                {
                    continue;
                }

                var (min, max) = metric.Range();
                if (v < min || v > max)
                {
                    problem = $"out of range: {metric.Column()} = {v.ToString("0.###", CultureInfo.InvariantCulture)} (expected {min}..{max})";
                    break;
                }

                batch.Daily.Add(new DailyObservation(day, metric, v, Source, id));
            }

            if (problem is not null)
            {
                batch.Daily.RemoveRange(before, batch.Daily.Count - before);
                Reject(problem);
            }
            else if (batch.Daily.Count == before)
            {
                Reject($"no values: the item for {day:yyyy-MM-dd} has none Bio reads");
            }
            else
            {
                batch.RowAccepted();
            }
        }

        OuraSleepPeriods.Emit(batch, periods, Source);
        EmitRestingHeartRate(batch, heartRate, context.FileName);
        return batch;
    }

    /// <summary>
    /// A day's resting heart rate from its "rest" samples: the lowest of them. It is recorded under the
    /// source <see cref="HeartRateSource"/>, which ranks below "oura", so the night's measured lowest
    /// heart rate from the sleep collection always wins and the samples only fill days without one.
    /// </summary>
    private static void EmitRestingHeartRate(
        ImportBatch batch, Dictionary<DateOnly, List<(long Row, long Index, string Kind, double Bpm)>> days, string file)
    {
        foreach (var (day, samples) in days.OrderBy(d => d.Key))
        {
            var rest = samples.Where(s => s.Kind == "rest").ToList();
            var (min, max) = Metric.RestingHrBpm.Range();
            var lowest = rest.Where(s => s.Bpm >= min && s.Bpm <= max).OrderBy(s => s.Bpm).ThenBy(s => s.Row).FirstOrDefault();
            if (lowest.Row == 0)
            {
                foreach (var s in samples)
                {
                    batch.Reject(new Rejection(file, s.Index, $"no values: no resting heart-rate sample on {day:yyyy-MM-dd} (only '{s.Kind}')", ""));
                    batch.RowRejectedAfterwards();
                }

                continue;
            }

            batch.Daily.Add(new DailyObservation(day, Metric.RestingHrBpm, lowest.Bpm, HeartRateSource, lowest.Row));
            foreach (var s in samples.Where(s => s.Row != lowest.Row))
            {
                batch.FoldedInto[s.Row] = lowest.Row;
            }
        }
    }

    /// <summary>The source of values derived from Oura's heart-rate samples (weaker than the sleep's).</summary>
    public const string HeartRateSource = "oura-heartrate";

    private void Workout(ImportBatch batch, JsonElement item, long id, Action<string> reject)
    {
        if (!DateTimeOffset.TryParse(item.Get("start_datetime").Text(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var start) ||
            !DateTimeOffset.TryParse(item.Get("end_datetime").Text(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var end) ||
            end <= start || end - start > TimeSpan.FromDays(1))
        {
            reject("workout start/end are not ISO times with an offset, or end is not after start");
            return;
        }

        var activity = item.Get("activity").Text() ?? "";
        batch.Workouts.Add(new WorkoutRecord(start, DateOnly.FromDateTime(start.DateTime), Disciplines.Normalize(activity), (end - start).TotalMinutes, Source)
        {
            Activity = activity.Length == 0 ? null : activity, // Oura's own type, as the API writes it
            Title = item.Get("label").Text() ?? activity,
            Kcal = item.Get("calories").Number(),
            DistanceKm = item.Get("distance").Number() / 1000,
            Row = id,
        });
        batch.RowAccepted();
    }

    private static OuraSleepPeriod? V1Period(JsonElement item, long id, long index, string file)
    {
        DateOnly day;
        if (DateTimeOffset.TryParse(item.Get("bedtime_end").Text(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
        {
            day = DateOnly.FromDateTime(end.DateTime);
        }
        else if (item.Get("summary_date").Text() is { } summary &&
                 DateOnly.TryParseExact(summary, ["yyyy-MM-dd", "dd-MM-yy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var started))
        {
            day = started.AddDays(1); // v1's summary date is the evening the night began
        }
        else
        {
            return null;
        }

        static double? NonZero(double? v) => v is 0 ? null : v; // v1 writes 0 for "no value"
        var longest = item.Get("is_longest").Number() is 1 || item.Get("is_longest").Bool() == true;
        return new OuraSleepPeriod(id, file, index, day, longest ? "long_sleep" : item.Get("type").Text() ?? "sleep",
            NonZero(item.Get("total").Number()), NonZero(item.Get("duration").Number()), item.Get("deep").Number(), item.Get("rem").Number(),
            item.Get("light").Number(), item.Get("awake").Number(), NonZero(item.Get("efficiency").Number()), NonZero(item.Get("rmssd").Number()),
            NonZero(item.Get("hr_lowest").Number()), NonZero(item.Get("breath_average").Number()), null, item.Get("temperature_deviation").Number());
    }
}
