using Bio.Core.Ingest;

namespace Bio.Core.Analytics;

/// <summary>One workout's load and how it was computed ("trimp", "output", "duration").</summary>
public sealed record WorkoutLoad(DateOnly Date, string Discipline, double Load, string Method);

/// <summary>One day of the training-load model.</summary>
public sealed record TrainingLoadDay(
    DateOnly Date, double Load, double Fitness, double Fatigue, double Form, double? Acwr, double? Monotony, double? Strain);

/// <summary>Settings of the load model; every default is a published convention named in <see cref="TrainingLoad"/>.</summary>
public sealed record TrainingLoadOptions(
    double TrimpK = 1.92, int FitnessDays = 42, int FatigueDays = 7, int AcuteDays = 7, int ChronicDays = 28,
    double OutputFactor = 0.12, double DefaultRestingHr = 60, double DefaultMaxHr = 190);

/// <summary>
/// Training load (DESIGN §6):
/// <list type="bullet">
/// <item>per workout, in order of preference: Banister's TRIMP, minutes · HRr · 0.64 · e^(k·HRr) with
/// HRr = (avg HR - rest HR) / (max HR - rest HR) and k = 1.92 (Banister 1991; 1.67 is the female
/// constant, configurable); else an output-based load, kJ · a factor calibrated on the person's own
/// workouts that have both (median TRIMP per kJ, 5 or more), 0.12 by default; else minutes · a
/// discipline factor. The method is recorded.</item>
/// <item>fitness (CTL) and fatigue (ATL) as exponentially weighted loads with 42- and 7-day time
/// constants, x_t = x_(t-1) + (load_t - x_(t-1)) / T (the Performance Manager form used by TrainingPeaks
/// and intervals.icu); form (TSB) = fitness - fatigue of the same day.</item>
/// <item>ACWR from EWMAs with λ = 2/(N+1), N = 7 and 28 (Williams et al. 2017), context only: it is
/// not an injury predictor.</item>
/// <item>Foster's monotony = mean / SD of the last 7 days' loads (SD of the sample; none when the SD is
/// 0) and strain = the week's total · monotony (Foster 1998).</item>
/// </list>
/// Rest heart rate is the person's median resting HR, max heart rate the highest workout max HR seen
/// (at least 160), with defaults when unknown.
/// </summary>
public static class TrainingLoad
{
    private static readonly Dictionary<string, double> DisciplineFactor = new(StringComparer.Ordinal)
    {
        ["running"] = 1.0, ["cycling"] = 0.8, ["swimming"] = 0.9, ["rowing"] = 0.9, ["cardio"] = 0.9,
        ["strength"] = 0.6, ["walking"] = 0.4, ["mobility"] = 0.3, ["mindfulness"] = 0.0, ["other"] = 0.6,
    };

    public static List<WorkoutLoad> Workouts(IReadOnlyList<WorkoutRecord> workouts, double? restingHr, TrainingLoadOptions? options = null)
    {
        options ??= new TrainingLoadOptions();
        var rest = restingHr ?? options.DefaultRestingHr;
        var maxSeen = workouts.Where(w => w.MaxHr is > 0).Select(w => w.MaxHr!.Value).DefaultIfEmpty(0).Max();
        var max = maxSeen >= 160 ? maxSeen : options.DefaultMaxHr;

        double? Trimp(WorkoutRecord w)
        {
            if (w.AvgHr is not { } avg || max <= rest)
            {
                return null;
            }

            var hrr = Math.Clamp((avg - rest) / (max - rest), 0, 1);
            return w.DurationMinutes * hrr * 0.64 * Math.Exp(options.TrimpK * hrr);
        }

        var paired = workouts.Where(w => w.OutputKj is > 0 && w.AvgHr is not null).Select(w => Trimp(w)!.Value / w.OutputKj!.Value).Order().ToList();
        var factor = paired.Count >= 5 ? paired[paired.Count / 2] : options.OutputFactor;
        return workouts.Select(w => Trimp(w) is { } trimp
                ? new WorkoutLoad(w.LocalDate, w.Discipline, trimp, "trimp")
                : w.OutputKj is > 0
                    ? new WorkoutLoad(w.LocalDate, w.Discipline, w.OutputKj.Value * factor, "output")
                    : new WorkoutLoad(w.LocalDate, w.Discipline, w.DurationMinutes * DisciplineFactor.GetValueOrDefault(w.Discipline, 0.6), "duration"))
            .ToList();
    }

    public static List<TrainingLoadDay> Daily(IEnumerable<WorkoutLoad> loads, DateOnly from, DateOnly to, TrainingLoadOptions? options = null)
    {
        options ??= new TrainingLoadOptions();
        var byDay = loads.GroupBy(l => l.Date).ToDictionary(g => g.Key, g => g.Sum(l => l.Load));
        var first = byDay.Keys.DefaultIfEmpty(from).Min();
        var start = first < from ? first : from;
        double fitness = 0, fatigue = 0, acute = 0, chronic = 0;
        var (la, lc) = (2.0 / (options.AcuteDays + 1), 2.0 / (options.ChronicDays + 1));
        var week = new Queue<double>();
        var result = new List<TrainingLoadDay>();
        for (var day = start; day <= to; day = day.AddDays(1))
        {
            var load = byDay.GetValueOrDefault(day);
            fitness += (load - fitness) / options.FitnessDays;
            fatigue += (load - fatigue) / options.FatigueDays;
            acute = load * la + (1 - la) * acute;
            chronic = load * lc + (1 - lc) * chronic;
            week.Enqueue(load);
            if (week.Count > 7)
            {
                week.Dequeue();
            }

            if (day < from)
            {
                continue;
            }

            double? monotony = null, strain = null;
            if (week.Count == 7)
            {
                var sd = HrvStatus.SampleSd([.. week]);
                if (sd > 0)
                {
                    monotony = week.Average() / sd;
                    strain = week.Sum() * monotony;
                }
            }

            result.Add(new TrainingLoadDay(day, load, fitness, fatigue, fitness - fatigue, chronic > 1e-9 ? acute / chronic : null, monotony, strain));
        }

        return result;
    }
}
