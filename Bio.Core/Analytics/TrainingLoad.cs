using Bio.Core.Ingest;

namespace Bio.Core.Analytics;

/// <summary>One workout's load and how it was computed ("trimp", "output", "srpe", "duration"; "strain" for a day's device strain without a workout).</summary>
public sealed record WorkoutLoad(DateOnly Date, string Discipline, double Load, string Method);

/// <summary>One day of the training-load model.</summary>
[GenerateSerializer, Immutable, Alias("bio.TrainingLoadDay")]
public sealed record TrainingLoadDay(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] double Load,
    [property: Id(2)] double Fitness,
    [property: Id(3)] double Fatigue,
    [property: Id(4)] double Form,
    [property: Id(5)] double? Acwr,
    [property: Id(6)] double? Monotony,
    [property: Id(7)] double? Strain)
{
    /// <summary>The 7-day EWMA of load (ACWR's numerator).</summary>
    [Id(8)]
    public double Acute { get; init; }

    /// <summary>The 28-day EWMA of load (ACWR's denominator).</summary>
    [Id(9)]
    public double Chronic { get; init; }
}

/// <summary>Settings of the load model; every default is a published convention named in <see cref="TrainingLoad"/>.</summary>
public sealed record TrainingLoadOptions(
    double TrimpK = 1.92, int FitnessDays = 42, int FatigueDays = 7, int AcuteDays = 7, int ChronicDays = 28,
    double OutputFactor = 0.12, double DefaultRestingHr = 60, double DefaultMaxHr = 190, double SessionRpeFactor = 0.25);

/// <summary>
/// Training load (DESIGN §6):
/// <list type="bullet">
/// <item>per workout, in order of preference: Banister's TRIMP, minutes · HRr · 0.64 · e^(k·HRr) with
/// HRr = (avg HR - rest HR) / (max HR - rest HR) and k = 1.92 (Banister 1991; 1.67 is the female
/// constant, configurable); else an output-based load, kJ · a factor calibrated on the person's own
/// workouts that have both (median TRIMP per kJ, 5 or more), 0.12 by default; else session RPE
/// (Foster et al. 2001): the day's perceived exertion (the person's own 0-10 rating) · minutes, in
/// arbitrary units, times a factor calibrated the same way on earlier workouts that had heart rate and a
/// rating (median TRIMP per unit, 5 or more), 0.25 by default (Banister's TRIMP of an hour at 45-80 % of
/// heart-rate reserve against Foster's units for the RPE 3-8 such an hour is usually given: 0.23-0.30);
/// a day's one rating is each of that day's workouts' session RPE; else minutes · a discipline factor.
/// The method is recorded.</item>
/// <item>fitness (CTL) and fatigue (ATL) as exponentially weighted loads with 42- and 7-day time
/// constants, x_t = x_(t-1) + (load_t - x_(t-1)) / T (the Performance Manager form used by TrainingPeaks
/// and intervals.icu); form (TSB) = fitness - fatigue of the same day.</item>
/// <item>ACWR from EWMAs with λ = 2/(N+1), N = 7 and 28 (Williams et al. 2017), context only: it is
/// not an injury predictor.</item>
/// <item>Foster's monotony = mean / SD of the last 7 days' loads (SD of the sample; none when the SD is
/// 0) and strain = the week's total · monotony (Foster 1998).</item>
/// </list>
/// Everything a workout's load uses was known on its day (forward in time, so a later import never
/// rewrites the past): rest heart rate is the median resting HR of the 28 days up to the workout, max
/// heart rate the highest workout max HR so far (at least 160), with defaults when unknown.
/// </summary>
public static class TrainingLoad
{
    private static readonly Dictionary<string, double> DisciplineFactor = new(StringComparer.Ordinal)
    {
        ["running"] = 1.0, ["cycling"] = 0.8, ["swimming"] = 0.9, ["rowing"] = 0.9, ["cardio"] = 0.9,
        ["strength"] = 0.6, ["walking"] = 0.4, ["mobility"] = 0.3, ["mindfulness"] = 0.0, ["other"] = 0.6,
    };

    public static List<WorkoutLoad> Workouts(IReadOnlyList<WorkoutRecord> workouts, double? restingHr, TrainingLoadOptions? options = null) =>
        Workouts([.. workouts.OrderBy(w => w.Start.UtcDateTime)], _ => restingHr, _ => null, options);

    /// <summary>
    /// Loads of a person's workouts in start order, each from what was known by its day: rest HR is the
    /// median resting HR of the 28 days up to the workout, max HR the highest workout max HR so far, and
    /// the output factor the median TRIMP/kJ of earlier workouts that had both.
    /// </summary>
    public static List<WorkoutLoad> Workouts(DaySeries series, TrainingLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var window = new List<double>(28);
        return Workouts(series.Workouts, date =>
        {
            window.Clear();
            var i = series.Index(date);
            for (var j = Math.Max(0, i - 27); j <= i && j < series.Length; j++)
            {
                if (series.RestingHr[j] is { } r)
                {
                    window.Add(r);
                }
            }

            if (window.Count < 3)
            {
                return null;
            }

            return Stats.Median(window);
        }, date => date >= series.First && date <= series.Last ? series.Exertion[series.Index(date)] : null, options);
    }

    private static List<WorkoutLoad> Workouts(List<WorkoutRecord> ordered, Func<DateOnly, double?> restOn, Func<DateOnly, int?> exertionOn, TrainingLoadOptions? options)
    {
        options ??= new TrainingLoadOptions();
        var maxSeen = 0.0;
        var ratios = new List<double>(); // TRIMP per kJ of the workouts so far that had both, sorted
        var rpeRatios = new List<double>(); // TRIMP per session-RPE unit of the workouts so far that had both, sorted
        var result = new List<WorkoutLoad>(ordered.Count);
        foreach (var w in ordered)
        {
            if (w.MaxHr is > 0 && w.MaxHr.Value > maxSeen)
            {
                maxSeen = w.MaxHr.Value;
            }

            var rest = restOn(w.LocalDate) ?? options.DefaultRestingHr;
            var max = maxSeen >= 160 ? maxSeen : options.DefaultMaxHr;
            double? trimp = null;
            if (w.AvgHr is { } avg && max > rest)
            {
                var hrr = Math.Clamp((avg - rest) / (max - rest), 0, 1);
                trimp = w.DurationMinutes * hrr * 0.64 * Math.Exp(options.TrimpK * hrr);
            }

            if (trimp is { } t)
            {
                if (w.OutputKj is > 0)
                {
                    var ratio = t / w.OutputKj.Value;
                    var at = ratios.BinarySearch(ratio);
                    ratios.Insert(at < 0 ? ~at : at, ratio);
                }

                if (exertionOn(w.LocalDate) is > 0 and var rated && w.DurationMinutes > 0)
                {
                    var ratio = t / (rated * w.DurationMinutes);
                    var at = rpeRatios.BinarySearch(ratio);
                    rpeRatios.Insert(at < 0 ? ~at : at, ratio);
                }

                result.Add(new WorkoutLoad(w.LocalDate, w.Discipline, t, "trimp"));
            }
            else if (w.OutputKj is > 0)
            {
                var factor = ratios.Count >= 5 ? ratios[ratios.Count / 2] : options.OutputFactor;
                result.Add(new WorkoutLoad(w.LocalDate, w.Discipline, w.OutputKj.Value * factor, "output"));
            }
            else if (exertionOn(w.LocalDate) is { } rpe && w.DurationMinutes > 0)
            {
                var factor = rpeRatios.Count >= 5 ? rpeRatios[rpeRatios.Count / 2] : options.SessionRpeFactor;
                result.Add(new WorkoutLoad(w.LocalDate, w.Discipline, rpe * w.DurationMinutes * factor, "srpe"));
            }
            else
            {
                result.Add(new WorkoutLoad(w.LocalDate, w.Discipline, w.DurationMinutes * DisciplineFactor.GetValueOrDefault(w.Discipline, 0.6), "duration"));
            }
        }

        return result;
    }

    /// <summary>The least heart-rate workout days, each with the device's day strain, that calibrate strain into load.</summary>
    public const int MinStrainCalibrationDays = 10;

    /// <summary>
    /// The load of the days with a device's day strain (WHOOP's 0-21) but no workout at all, on the same
    /// scale as the TRIMP of heart-rate workouts: WHOOP's strain is logarithmic in cardiovascular load, so
    /// ln(the day's TRIMP) = a + b · strain is fitted (least squares) on the person's own earlier days that
    /// have both, at least <see cref="MinStrainCalibrationDays"/>, and only a rising fit is used. Without
    /// that calibration a strain day adds no load: there is no published conversion to borrow. Forward in
    /// time, as every load: a day's calibration uses only the days before it. Method "strain".
    /// </summary>
    public static List<WorkoutLoad> StrainDays(DaySeries series, IReadOnlyList<WorkoutLoad> workouts)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(workouts);
        var result = new List<WorkoutLoad>();
        if (series.Length == 0)
        {
            return result;
        }

        var trimp = new double[series.Length];
        var anyWorkout = new bool[series.Length];
        foreach (var w in workouts)
        {
            var i = series.Index(w.Date);
            anyWorkout[i] = true;
            if (w.Method == "trimp")
            {
                trimp[i] += w.Load;
            }
        }

        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var i = 0; i < series.Length; i++)
        {
            if (series.DeviceStrain[i] is not { } strain)
            {
                continue;
            }

            if (!anyWorkout[i] && n >= MinStrainCalibrationDays)
            {
                var denominator = (n * sxx) - (sx * sx);
                var b = denominator > 1e-9 ? ((n * sxy) - (sx * sy)) / denominator : 0;
                if (b > 0)
                {
                    var a = (sy - (b * sx)) / n;
                    result.Add(new WorkoutLoad(series.Date(i), "day strain", Math.Exp(a + (b * strain)), "strain"));
                }
            }
            else if (trimp[i] > 0)
            {
                var y = Math.Log(trimp[i]);
                (n, sx, sy, sxx, sxy) = (n + 1, sx + strain, sy + y, sxx + (strain * strain), sxy + (strain * y));
            }
        }

        return result;
    }

    public static List<TrainingLoadDay> Daily(IEnumerable<WorkoutLoad> loads, DateOnly from, DateOnly to, TrainingLoadOptions? options = null)
    {
        var byDay = loads.GroupBy(l => l.Date).ToDictionary(g => g.Key, g => g.Sum(l => l.Load));
        var first = byDay.Keys.Append(from).Min();
        var dayLoad = new double[Math.Max(0, to.DayNumber - first.DayNumber + 1)];
        foreach (var (date, load) in byDay)
        {
            if (date <= to)
            {
                dayLoad[date.DayNumber - first.DayNumber] = load;
            }
        }

        var days = new TrainingLoadDay[dayLoad.Length];
        Fill(first, dayLoad, 0, days, options);
        return [.. days.Skip(from.DayNumber - first.DayNumber)];
    }

    /// <summary>The daily load of each day of <paramref name="series"/>.</summary>
    internal static double[] DayLoads(DaySeries series, IEnumerable<WorkoutLoad> loads)
    {
        var dayLoad = new double[series.Length];
        foreach (var l in loads)
        {
            dayLoad[series.Index(l.Date)] += l.Load;
        }

        return dayLoad;
    }

    /// <summary>Days [start, end) of <paramref name="into"/>, continuing the EWMAs of day start - 1.</summary>
    internal static void Fill(DateOnly first, double[] dayLoad, int start, TrainingLoadDay[] into, TrainingLoadOptions? options = null)
    {
        options ??= new TrainingLoadOptions();
        var previous = start > 0 ? into[start - 1] : null;
        double fitness = previous?.Fitness ?? 0, fatigue = previous?.Fatigue ?? 0, acute = previous?.Acute ?? 0, chronic = previous?.Chronic ?? 0;
        var (la, lc) = (2.0 / (options.AcuteDays + 1), 2.0 / (options.ChronicDays + 1));
        for (var i = start; i < into.Length; i++)
        {
            var load = dayLoad[i];
            fitness += (load - fitness) / options.FitnessDays;
            fatigue += (load - fatigue) / options.FatigueDays;
            acute = load * la + (1 - la) * acute;
            chronic = load * lc + (1 - lc) * chronic;
            double? monotony = null, strain = null;
            if (i >= 6)
            {
                var mean = 0.0;
                for (var j = i - 6; j <= i; j++)
                {
                    mean += dayLoad[j] / 7;
                }

                var squares = 0.0;
                for (var j = i - 6; j <= i; j++)
                {
                    squares += (dayLoad[j] - mean) * (dayLoad[j] - mean);
                }

                var sd = Math.Sqrt(squares / 6);
                if (sd > 1e-9 * Math.Max(1, mean))
                {
                    monotony = mean / sd;
                    strain = mean * 7 * monotony;
                }
            }

            // The ratio needs a chronic window of history first: before it, one workout over a near-empty 28 days reads as 3-4x "your usual".
            var acwr = i >= options.ChronicDays - 1 && chronic > 1e-9 ? acute / chronic : (double?)null;
            into[i] = new TrainingLoadDay(first.AddDays(i), load, fitness, fatigue, fitness - fatigue, acwr, monotony, strain)
            {
                Acute = acute,
                Chronic = chronic,
            };
        }
    }
}
