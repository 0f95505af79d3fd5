using System.Text.RegularExpressions;
using Bio.Core.Ingest;

namespace Bio.Core.Agent;

/// <summary>
/// A metric a person can ask about: the words for it, where it lives in their SQL sandbox (table, date
/// column, expression), its unit, and whether summing it means anything ("total steps" does, "total
/// HRV" does not). Per-workout metrics live in <c>workouts</c> and are summed per day before averaging.
/// </summary>
public sealed record MetricDef(
    string Key,
    string Name,
    string Table,
    string Expression,
    string Unit,
    bool Additive,
    int Decimals,
    string[] Words)
{
    /// <summary>
    /// True for what the day's waking hours make (steps, strain, training, calories): "HRV after days with
    /// more than 12,000 steps" pairs the day with the next morning. Night measures are dated by the morning
    /// they end on, so "HRV on nights with little sleep" pairs them on the same date.
    /// </summary>
    /// <summary>True for a measure generated from the schema (<see cref="SchemaVocabulary"/>): its key is "table.column".</summary>
    public bool Generated => Key.Contains('.', StringComparison.Ordinal);

    /// <summary>
    /// True for a device's own measure named whole by its words ("sleep need", "hrv balance contributor"): a device word
    /// inside them names this measure, not a different one that shares a word with Bio's (the parser refuses those).
    /// </summary>
    public bool DeviceMeasure { get; init; }

    /// <summary>The measure whose colour its charts take (<see cref="Charts.MeasureColours"/>), or null for one without its own.</summary>
    public string? Measure => Table switch
    {
        // A column, or a column in other units ("sleep_minutes / 60.0" is sleep, in hours).
        "daily" when Charts.MeasureColours.Of(Expression.Split(' ')[0]) is not null => Expression.Split(' ')[0],
        "training_load" when Charts.MeasureColours.Of(Key) is not null => Key,
        "energy_state" when Key == "bio_readiness" => Charts.MeasureColours.BioReadiness,
        _ => null,
    };

    /// <summary>What one row of its table is: a day, a workout or a week.</summary>
    public string RowNoun => PerWorkout ? "workout" : Table == "weekly_trends" ? "week" : "day";

    /// <summary>True where a lower value is the better one ("my best resting heart rate days" are its lowest).</summary>
    public bool LowerIsBetter => Key is "resting_hr" or "awake" or "fatigue" or "sleep_debt" or "stress_level";

    public bool Daytime => PerWorkout || Table is "training_load" or "feedback" || Key is "steps" or "active_kcal" or "total_kcal" or "device_strain";

    public string DateColumn => SchemaVocabulary.DateColumn(Table);

    public bool PerWorkout => Table == "workouts";

    /// <summary>The value with its unit, as the answer says it.</summary>
    public string Format(double value)
    {
        // Up to the metric's decimals, without trailing zeros: a score of 88 is "88", never "88.0".
        var format = Decimals == 0 ? "#,0" : "#,0." + new string('#', Decimals);
        var number = Math.Round(value, Decimals, MidpointRounding.AwayFromZero).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        return Unit switch
        {
            "" => number,
            "points" => $"{number}",
            "%" => $"{number} %",
            // Durations also as people say them ("7.45 hours (7 h 27 min)"), and distances also in miles (US exports).
            "hours" when value > 0 => $"{number} hours ({HoursAndMinutes(value * 60)})",
            "minutes" when value >= 60 => $"{number} minutes ({HoursAndMinutes(value)})",
            "km" when value > 0 => $"{number} km ({(value / 1.609344).ToString($"N{Decimals}", System.Globalization.CultureInfo.InvariantCulture)} mi)",
            _ => $"{number} {Unit}",
        };
    }

    private static string HoursAndMinutes(double minutes)
    {
        var whole = (long)Math.Round(minutes, MidpointRounding.AwayFromZero);
        return $"{(whole / 60).ToString(System.Globalization.CultureInfo.InvariantCulture)} h {(whole % 60).ToString(System.Globalization.CultureInfo.InvariantCulture)} min";
    }
}

/// <summary>The metrics the agent knows, and how it finds them in a question (the longest phrase wins).</summary>
public static partial class MetricVocabulary
{
    private static readonly IReadOnlyList<MetricDef> Curated =
    [
        new("hrv", "HRV", "daily", "hrv_rmssd_ms", "ms", false, 1, ["hrv", "heart rate variability", "rmssd", "heart-rate variability"]),
        new("resting_hr", "resting heart rate", "daily", "resting_hr_bpm", "bpm", false, 1,
            ["resting heart rate", "resting hr", "rhr", "resting pulse", "heart rate", "heartrate", "hr", "pulse"]),
        // The device's readiness (Oura's), never a WHOOP recovery under its name, nor Bio's own readiness.
        new("readiness", "readiness", "daily", "readiness_score", "points", false, 1,
            ["readiness", "readiness score", "ready", "readyness", "readiess"]),
        // A WHOOP recovery is the device's own percentage, not Bio's readiness (a different number).
        new("recovery", "recovery", "daily", "recovery_score", "%", false, 0, ["recovery", "recovery score", "recov", "whoop recovery"]),
        new("bio_readiness", "Bio readiness", "energy_state", "readiness", "points", false, 1, ["bio readiness", "bio's readiness", "bio score"]),
        new("sleep_score", "sleep score", "daily", "sleep_score", "points", false, 1, ["sleep score", "sleep quality"]),
        new("sleep", "sleep", "daily", "sleep_minutes / 60.0", "hours", false, 2,
            ["sleep", "slept", "sleep duration", "hours of sleep", "total sleep", "sleeping", "asleep"]),
        new("sleep_efficiency", "sleep efficiency", "daily", "sleep_efficiency", "%", false, 1, ["sleep efficiency", "efficiency"]),
        new("light_sleep", "light sleep", "daily", "light_minutes", "minutes", false, 0, ["light sleep"]),
        new("awake", "time awake in bed", "daily", "awake_minutes", "minutes", false, 0, ["awake time", "time awake", "minutes awake"]),
        new("in_bed", "time in bed", "daily", "in_bed_minutes / 60.0", "hours", false, 2, ["time in bed", "hours in bed", "in bed"]),
        new("naps", "naps", "daily", "nap_minutes", "minutes", false, 0, ["nap", "naps", "napping", "napped", "nap time"]),
        new("deep_sleep", "deep sleep", "daily", "deep_minutes", "minutes", false, 0, ["deep sleep", "deep", "slow wave sleep", "slow-wave sleep", "sws"]),
        new("rem_sleep", "REM sleep", "daily", "rem_minutes", "minutes", false, 0, ["rem sleep", "rem"]),
        new("respiratory_rate", "respiratory rate", "daily", "respiratory_rate", "breaths/min", false, 1,
            ["respiratory rate", "breathing rate", "respiration", "breaths per minute"]),
        new("skin_temp", "skin temperature deviation", "daily", "skin_temp_dev_c", "°C", false, 2, ["skin temperature", "skin temp", "temperature", "temperature deviation", "temp deviation", "temp dev", "temp"]),
        new("spo2", "blood oxygen", "daily", "spo2_percent", "%", false, 1, ["spo2", "blood oxygen", "oxygen saturation", "oxygen"]),
        new("steps", "steps", "daily", "steps", "steps", true, 0, ["steps", "step count", "step"]),
        new("active_kcal", "active calories", "daily", "active_kcal", "kcal", true, 0, ["active calories", "active kcal"]),
        new("device_strain", "device strain", "daily", "device_strain", "", false, 1, ["strain", "whoop strain", "day strain", "device strain", "daily strain"]),
        // WHOOP's sleep need of the night (baseline + debt + strain - naps) and the debt part of it.
        new("sleep_need", "sleep need", "daily", "sleep_need_minutes / 60.0", "hours", false, 2, ["sleep need", "sleep needed", "need for sleep", "whoop sleep need"]) { DeviceMeasure = true },
        new("sleep_debt", "sleep debt", "daily", "sleep_debt_minutes", "minutes", false, 0, ["sleep debt", "whoop sleep debt"]) { DeviceMeasure = true },
        // Garmin's Body Battery at wake and average stress level, under Garmin's names ("stress" alone is a journal topic).
        new("body_battery", "Body Battery at wake", "daily", "body_battery", "points", false, 1, ["body battery", "body battery at wake", "garmin body battery"]) { DeviceMeasure = true },
        new("stress_level", "average stress level", "daily", "stress_level", "points", false, 1,
            ["stress level", "stress levels", "stress score", "avg stress", "average stress", "mean stress", "daily stress", "overall stress", "garmin stress", "avg stress level", "average stress level"]) { DeviceMeasure = true },
        // Oura's readiness contributors, each a 0-100 score under Oura's name (never the measure it scores: a resting heart rate contributor is not bpm).
        .. Devices.OuraReadinessContributors.Select(c => new MetricDef(
            $"{c.Key}_contributor", $"{c.Name} (Oura readiness contributor)", "daily", c.Metric.Column(), "points", false, 1, ContributorWords(c)) { DeviceMeasure = true }),
        new("load", "training load", "training_load", "load", "", true, 1, ["training load", "load", "trimp"]),
        new("fitness", "fitness (CTL)", "training_load", "fitness", "", false, 1, ["fitness", "ctl", "chronic training load"]),
        new("fatigue", "fatigue (ATL)", "training_load", "fatigue", "", false, 1, ["fatigue", "atl", "acute training load"]),
        new("form", "form (TSB)", "training_load", "form", "", false, 1, ["form", "tsb", "freshness", "training stress balance"]),
        new("acwr", "ACWR", "training_load", "acwr", "", false, 2, ["acwr", "acute chronic", "acute:chronic", "acute to chronic", "workload ratio"]),
        new("monotony", "training monotony", "training_load", "monotony", "", false, 2, ["monotony"]),
        new("strain", "training strain", "training_load", "strain", "", false, 0, ["training strain", "foster strain", "load strain"]),
        new("workout_minutes", "workout time", "workouts", "duration_minutes", "minutes", true, 0,
            ["workout minutes", "minutes of exercise", "exercise minutes", "training time", "time training", "minutes training",
             "minutes of training", "workout time", "duration"]),
        new("output", "workout output", "workouts", "output_kj", "kJ", true, 0, ["output", "kj", "kilojoules"]),
        new("distance", "distance", "workouts", "distance_km", "km", true, 1, ["distance", "km", "kilometers", "kilometres", "miles", "how far"]),
        // The day's whole burn (active + resting); "calories" beside workouts are the workouts' own (see InWorkoutContext).
        new("total_kcal", "total calories burned", "daily", "total_kcal", "kcal", true, 0,
            ["calories", "kcal", "cals", "calories burned", "cals burned", "kcal burned", "total calories", "energy burned", "total burn", "energy expenditure", "calorie burn"]),
        new("workout_kcal", "workout calories", "workouts", "kcal", "kcal", true, 1, ["workout calories", "workout kcal", "calories per workout"]),
        new("workout_strain", "workout strain", "workouts", "device_strain", "", false, 1, ["workout strain", "activity strain", "strain of the workout"]),
        new("watts", "average power", "workouts", "avg_watts", "W", false, 0, ["watts", "avg watts", "average watts", "power", "avg power", "average power", "wattage"]),
        // A workout's own heart rate; "heart rate" alone is the resting one unless the question is about workouts (see WorkoutHeartRate).
        new("workout_hr", "average heart rate during the workout", "workouts", "avg_hr", "bpm", false, 0,
            ["workout heart rate", "workout hr", "heart rate during", "hr during", "exercise heart rate", "training heart rate"]),
        new("mood", "mood (your rating, 1-5)", "feedback", "mood", "of 5", false, 1, ["mood", "my mood", "mood rating"]),
        new("energy_rating", "energy (your rating, 1-5)", "feedback", "energy", "of 5", false, 1, ["energy rating", "rated energy", "energy ratings", "my energy rating"]),
        new("exertion", "perceived exertion (RPE, 0-10)", "feedback", "exertion", "of 10", false, 1, ["perceived exertion", "exertion", "rpe", "effort rating"]),
        new("workouts", "workouts", "workouts", "1", "workouts", true, 0, ["workouts", "workout", "work out", "worked out", "working out", "sessions", "session", "trainings", "exercised", "trained", "fitness discipline", "fitness disciplines"]),
    ];

    /// <summary>
    /// "hrv balance contributor", "hrv balance score", and the contributor's bare name where it means nothing else
    /// ("hrv balance"; never "resting heart rate", "body temperature" or "previous night", which name a measure or a night).
    /// </summary>
    private static string[] ContributorWords(DeviceContributor c)
    {
        var name = c.Name.ToLowerInvariant();
        string[] words = [$"{name} contributor", $"{name} contributors", $"{name} score", $"oura {name}"];
        return c.Metric is Metric.ReadinessRestingHeartRate or Metric.ReadinessBodyTemperature or Metric.ReadinessPreviousNight
            ? words
            : [.. words, name];
    }

    /// <summary>Every measure: the hand-written ones, then one generated from the schema for each column they leave out.</summary>
    public static readonly IReadOnlyList<MetricDef> All = [.. Curated, .. SchemaVocabulary.Generate(Curated)];

    /// <summary>The disciplines and the words for them.</summary>
    public static readonly IReadOnlyList<(string Discipline, string[] Words)> Disciplines =
    [
        ("running", ["run", "runs", "running", "ran", "jog", "jogging"]),
        ("cycling", ["ride", "rides", "cycling", "bike", "biking", "biked", "bikes", "cycle", "cycled", "rode", "ridden", "riding", "peloton"]),
        ("strength", ["strength", "lifting", "weights", "weight training", "gym"]),
        ("swimming", ["swim", "swims", "swimming", "swam"]),
        ("rowing", ["row", "rowing", "rows", "rowed"]),
        ("walking", ["walk", "walks", "walking", "walked", "hike", "hikes", "hiking"]),
        ("mobility", ["mobility", "yoga", "stretching", "stretch"]),
        ("mindfulness", ["meditation", "meditations", "meditate", "meditated", "mindfulness"]),
    ];

    public static MetricDef Get(string key) => All.First(m => m.Key == key);

    /// <summary>Every metric named in the text, in the order they appear (longest phrases first, no overlaps).</summary>
    public static IReadOnlyList<MetricDef> Find(string text) => [.. Locate(text).Select(f => f.Metric)];

    /// <summary>
    /// "Avg heart rate in strength classes", "hr on my rides": a heart rate named beside workouts (and not
    /// called resting) is the workout's own average heart rate, not the resting heart rate.
    /// </summary>
    public static IReadOnlyList<(int At, int End, MetricDef Metric)> InWorkoutContext(string text, IReadOnlyList<(int At, int End, MetricDef Metric)> located, bool aboutWorkouts)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(located);
        return !aboutWorkouts ? located : [.. located.Select(l =>
            l.Metric.Key == "resting_hr" && text[l.At..l.End] is "heart rate" or "hr" or "heartrate" or "pulse" ? (l.At, l.End, Get("workout_hr"))
            : l.Metric.Key == "device_strain" && text[l.At..l.End] is "strain" or "whoop strain" ? (l.At, l.End, Get("workout_strain"))
            : l.Metric.Key == "total_kcal" && text[l.At..l.End] is not ("total calories" or "total burn" or "energy expenditure") ? (l.At, l.End, Get("workout_kcal"))
            : l)];
    }

    /// <summary>Every metric named in the text with where its first mention starts and ends, in the order they appear.</summary>
    public static IReadOnlyList<(int At, int End, MetricDef Metric)> Locate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var taken = new bool[text.Length];
        var found = new List<(int At, int End, MetricDef Metric)>();
        foreach (var (metric, word) in All.SelectMany(m => m.Words.Select(w => (m, w))).OrderByDescending(p => p.w.Length))
        {
            foreach (Match match in Regex.Matches(text, $@"(?<![\w'])({Regex.Escape(word)})(?![\w])"))
            {
                if (Enumerable.Range(match.Index, match.Length).Any(i => taken[i]))
                {
                    continue;
                }

                for (var i = match.Index; i < match.Index + match.Length; i++)
                {
                    taken[i] = true;
                }

                if (!found.Any(f => f.Metric.Key == metric.Key))
                {
                    found.Add((match.Index, match.Index + match.Length, metric));
                }
            }
        }

        return [.. found.OrderBy(f => f.At)];
    }

    /// <summary>The discipline named in the text, or null.</summary>
    public static string? FindDiscipline(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // "3 days in a row" is not rowing, and "a run of 5 days" / "run of consecutive days" is not running.
        var t = Regex.Replace(text.Replace("in a row", "", StringComparison.Ordinal), @"\brun of (?:\d+ |consecutive |straight )?days\b", "");
        return Disciplines.FirstOrDefault(d => d.Words.Any(w => Regex.IsMatch(t, $@"\b{Regex.Escape(w)}\b"))).Discipline;
    }
}
