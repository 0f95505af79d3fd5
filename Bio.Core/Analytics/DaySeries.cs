using Bio.Core.Ingest;
using Bio.Core.Lake;

namespace Bio.Core.Analytics;

/// <summary>
/// One person's silver laid out by calendar day, from their first day with data to their last, so
/// that every rolling window is an index range. Missing values are null; a day without any data is a
/// gap, never a zero.
/// </summary>
public sealed partial class DaySeries
{
    // "Felt ill (symptoms)?" (typed entries), "Feeling sick or ill?" and the like; not allergy symptoms.
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(ill|illness|sick)\b|(?<!allerg(y|ic) )\bsymptoms?\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex IllnessQuestion();

    private DaySeries(DateOnly first, int length, string hrvMeasure)
    {
        First = first;
        Length = length;
        HrvMeasure = hrvMeasure;
        Hrv = new double?[length];
        HrvSource = new string?[length];
        RestingHr = new double?[length];
        DeviceReadiness = new double?[length];
        DeviceScore = new string?[length];
        SleepScore = new double?[length];
        SleepMinutes = new double?[length];
        SkinTempDev = new double?[length];
        RespiratoryRate = new double?[length];
        DeviceStrain = new double?[length];
        Alcohol = new bool[length];
        Travel = new bool[length];
        ReportedIll = new bool[length];
        Exertion = new int?[length];
        Workouts = [];
    }

    public DateOnly First { get; }

    public int Length { get; }

    public DateOnly Last => First.AddDays(Length - 1);

    /// <summary>"rmssd", or "sdnn" for a person who has no rMSSD at all (Apple Watch): never both.</summary>
    public string HrvMeasure { get; }

    /// <summary>HRV in ms, of <see cref="HrvMeasure"/>.</summary>
    public double?[] Hrv { get; }

    /// <summary>The device/source of each HRV value (a change of source starts a new HRV baseline).</summary>
    public string?[] HrvSource { get; }

    public double?[] RestingHr { get; }

    /// <summary>The device's own readiness (Oura readiness, else WHOOP recovery), kept beside Bio's.</summary>
    public double?[] DeviceReadiness { get; }

    /// <summary>What <see cref="DeviceReadiness"/> is, in its device's words ("Oura readiness", "WHOOP recovery (%)").</summary>
    public string?[] DeviceScore { get; }

    public double?[] SleepScore { get; }

    public double?[] SleepMinutes { get; }

    public double?[] SkinTempDev { get; }

    public double?[] RespiratoryRate { get; }

    /// <summary>The device's day strain (WHOOP's 0-21), for the load of days without a heart-rate workout.</summary>
    public double?[] DeviceStrain { get; }

    /// <summary>Days with a journal "yes" to alcohol (WHOOP's "Have any alcoholic drinks?" and the like).</summary>
    public bool[] Alcohol { get; }

    /// <summary>Days with a journal "yes" to travel or a time-zone change.</summary>
    public bool[] Travel { get; }

    /// <summary>Days the person's journal says they felt ill or had symptoms (a typed entry, or a device app's journal).</summary>
    public bool[] ReportedIll { get; }

    /// <summary>The day's perceived exertion (RPE 0-10) from the person's own ratings, for session-RPE load.</summary>
    public int?[] Exertion { get; }

    /// <summary>Workouts in start order.</summary>
    public List<WorkoutRecord> Workouts { get; private init; }

    public DateOnly Date(int index) => First.AddDays(index);

    public int Index(DateOnly date) => date.DayNumber - First.DayNumber;

    public static DaySeries Empty { get; } = new(DateOnly.MinValue, 0, "rmssd");

    public static DaySeries FromSilver(Silver silver)
    {
        ArgumentNullException.ThrowIfNull(silver);
        DateOnly? first = null, last = null;
        var hasRmssd = false;
        foreach (var ((date, metric), _) in silver.Daily)
        {
            first ??= date;
            last = date; // the dictionary is sorted by date
            hasRmssd |= metric == Metric.HrvRmssdMs;
        }

        foreach (var w in silver.Workouts.Values)
        {
            first = first is null || w.LocalDate < first ? w.LocalDate : first;
            last = last is null || w.LocalDate > last ? w.LocalDate : last;
        }

        if (first is null)
        {
            return Empty;
        }

        var hrvMetric = hasRmssd ? Metric.HrvRmssdMs : Metric.HrvSdnnMs;
        var series = new DaySeries(first.Value, last!.Value.DayNumber - first.Value.DayNumber + 1, hasRmssd ? "rmssd" : "sdnn")
        {
            Workouts = [.. silver.Workouts.Values.OrderBy(w => w.Start.UtcDateTime)],
        };
        foreach (var j in silver.Journal.Values)
        {
            if (j.Answer == true && j.Date >= series.First && j.Date <= series.Last)
            {
                var question = j.Question;
                series.Alcohol[series.Index(j.Date)] |= question.Contains("alcohol", StringComparison.OrdinalIgnoreCase);
                series.Travel[series.Index(j.Date)] |= question.Contains("travel", StringComparison.OrdinalIgnoreCase) ||
                                                       question.Contains("time zone", StringComparison.OrdinalIgnoreCase);
                series.ReportedIll[series.Index(j.Date)] |= IllnessQuestion().IsMatch(question);
            }
        }

        foreach (var f in silver.Feedback.Values)
        {
            if (f.Exertion is { } rpe && f.Date >= series.First && f.Date <= series.Last)
            {
                series.Exertion[series.Index(f.Date)] = rpe;
            }
        }

        // One label string a column and source, however many days carry it.
        var labels = new Dictionary<(string, string), string?>();
        string? Label(string column, string source) =>
            labels.TryGetValue((column, source), out var known) ? known : labels[(column, source)] = Ingest.Devices.ScoreLabel(column, source);
        foreach (var ((date, metric), cell) in silver.Daily)
        {
            var i = series.Index(date);
            if (metric == hrvMetric)
            {
                if (cell.Value > 0)
                {
                    series.Hrv[i] = cell.Value;
                    series.HrvSource[i] = cell.Source;
                }

                continue;
            }

            switch (metric)
            {
                case Metric.RestingHrBpm: series.RestingHr[i] = cell.Value; break;
                case Metric.ReadinessScore:
                    (series.DeviceReadiness[i], series.DeviceScore[i]) = (cell.Value, Label("readiness_score", cell.Source));
                    break;
                case Metric.RecoveryScore when series.DeviceReadiness[i] is null:
                    (series.DeviceReadiness[i], series.DeviceScore[i]) = (cell.Value, Label("recovery_score", cell.Source));
                    break;
                case Metric.SleepScore: series.SleepScore[i] = cell.Value; break;
                case Metric.SleepMinutes: series.SleepMinutes[i] = cell.Value; break;
                case Metric.SkinTempDevC: series.SkinTempDev[i] = cell.Value; break;
                case Metric.RespiratoryRate: series.RespiratoryRate[i] = cell.Value; break;
                case Metric.DeviceStrain: series.DeviceStrain[i] = cell.Value; break;
                default: break;
            }
        }

        return series;
    }

    /// <summary>A series from loose daily values (tests, and the per-component entry points).</summary>
    public static DaySeries FromDays(DateOnly first, int length, string hrvMeasure, IEnumerable<WorkoutRecord>? workouts = null)
    {
        var series = length <= 0 ? Empty : new DaySeries(first, length, hrvMeasure);
        if (workouts is not null && length > 0)
        {
            series.Workouts.AddRange(workouts.OrderBy(w => w.Start.UtcDateTime));
        }

        return series;
    }
}

/// <summary>Mean and sample SD of a window of values, accumulated without allocating.</summary>
internal struct WindowStats
{
    private double sum;
    private double sumSq;

    public int Count { get; private set; }

    public readonly double Mean => sum / Count;

    /// <summary>Sample SD (n - 1), as numpy.std(ddof=1); 0 below two values.</summary>
    public readonly double Sd => Count < 2 ? 0 : Math.Sqrt(Math.Max(0, (sumSq - sum * sum / Count) / (Count - 1)));

    public void Add(double value)
    {
        sum += value;
        sumSq += value * value;
        Count++;
    }

    /// <summary>The values of <paramref name="values"/> at indexes [from, to], clipped to the array.</summary>
    public static WindowStats Of(double?[] values, int from, int to)
    {
        var w = default(WindowStats);
        for (var j = Math.Max(0, from); j <= to && j < values.Length; j++)
        {
            if (values[j] is { } v)
            {
                w.Add(v);
            }
        }

        return w;
    }
}
