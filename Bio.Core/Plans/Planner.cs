using Bio.Core.Analytics;
using Bio.Core.Lake;
using Bio.Core.Users;

namespace Bio.Core.Plans;

/// <summary>
/// A person's plan for the seven days from their today: each day decided by <see cref="PlanRules"/> from
/// the state going into it (fitness, fatigue and form projected through the plan's earlier days with the
/// load model of <see cref="TrainingLoad"/>; HRV status, illness and ratings as of today). Sessions get the
/// person's own loads, disciplines and durations from their last 90 days. Days after the latest data count
/// as days without training. Pure: the same data, today and policy give the same plan.
/// </summary>
public static class Planner
{
    public const int PlanDays = 7;
    public const int HistoryDays = 90;
    public const int MinTrainingDays = 8;

    /// <summary>Bio's session loads for a person with too little history: an hour easy, moderate and hard in TRIMP, rounded.</summary>
    public static readonly SessionLoads DefaultLoads = new(40, 70, 110, "Bio's defaults (fewer than 8 training days in the last 90): about an hour easy, moderate or hard in heart-rate load");

    private static readonly Dictionary<string, double> DefaultRate = new(StringComparer.Ordinal)
    {
        // TRIMP per minute at 50, 65 and 80 % of heart-rate reserve (Banister's formula, k = 1.92).
        [Sessions.Easy] = 0.8, [Sessions.Moderate] = 1.4, [Sessions.Hard] = 2.3,
    };

    public static TrainingPlan Build(AnalysisResult analysis, Silver silver, DateOnly today, DateTimeOffset issuedAt, int lakeVersion,
        BodyProfile? body = null, IPlanPolicy? policy = null, PlanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(silver);
        policy ??= FormBandPolicy.Instance;
        options ??= new PlanOptions();
        var series = analysis.Series;
        if (series.Length == 0)
        {
            throw new NoDataException("There is no data yet: upload an export and Bio will plan your week from it.");
        }

        if (series.Last < today.AddDays(-14))
        {
            throw new NoDataException($"Your latest data is from {series.Last:yyyy-MM-dd}: a plan needs data from the last two weeks (upload or sync your recent days).");
        }

        if (series.First > today)
        {
            throw new NoDataException($"Your data starts on {series.First:yyyy-MM-dd}, after today ({today:yyyy-MM-dd}).");
        }

        var notes = new List<string>();
        var dayLoad = TrainingLoad.DayLoads(series, analysis.WorkoutLoads.Concat(analysis.StrainLoads));
        double LoadOn(DateOnly d) => d >= series.First && d <= series.Last ? dayLoad[series.Index(d)] : 0;
        var loads = Loads(dayLoad, series, today);
        notes.Add($"Session loads: easy {loads.Easy:0}, moderate {loads.Moderate:0}, hard {loads.Hard:0}, {loads.Basis}.");

        // The state at the end of yesterday; days after the latest data carry no load.
        var yesterday = today.AddDays(-1);
        double fitness = 0, fatigue = 0;
        if (yesterday >= series.First)
        {
            var known = yesterday < series.Last ? yesterday : series.Last;
            var day = analysis.Load[series.Index(known)];
            (fitness, fatigue) = (day.Fitness, day.Fatigue);
            for (var d = known.AddDays(1); d <= yesterday; d = d.AddDays(1))
            {
                (fitness, fatigue) = (PlanRules.NextFitness(fitness, 0), PlanRules.NextFatigue(fatigue, 0));
            }

            if (known < yesterday)
            {
                notes.Add($"Your data ends on {series.Last:yyyy-MM-dd}; the days since count as days without training.");
            }
        }

        var hrv = Hrv(analysis, today, notes);
        var lastIll = LastIll(analysis, today, options);
        var soften = Softened(silver, today, options);
        var done = new string[7]; // done sessions of the six days before today (index 1..6 = today-1..today-6)
        for (var k = 1; k <= 6; k++)
        {
            done[k] = loads.Classify(LoadOn(today.AddDays(-k)));
        }

        var hardYesterday = done[1] == Sessions.Hard;
        var daysSinceRest = 0;
        for (var k = 1; k <= 14 && loads.Classify(LoadOn(today.AddDays(-k))) != Sessions.Rest; k++)
        {
            daysSinceRest++;
        }

        var recentHard = new Queue<bool>(Enumerable.Range(1, 6).Reverse().Select(k => done[k] == Sessions.Hard));
        var (main, cross, disciplineNote) = Disciplines(series, today);
        notes.Add(disciplineNote);
        var rates = Rates(analysis, loads, today);

        var days = new List<PlanDay>(PlanDays);
        var gain = 0.0;
        for (var d = 0; d < PlanDays; d++)
        {
            var date = today.AddDays(d);
            var ill = lastIll is { } li && date <= li.AddDays(options.IllRestDays);
            var returning = lastIll is { } lr && date == lr.AddDays(options.IllRestDays + 1);
            var state = new PlanState(fitness, fatigue, hrv, ill, returning, hardYesterday, recentHard.Count(h => h), daysSinceRest, gain, soften, d,
                d == 0 && today >= series.First && today <= series.Last ? analysis.Recommendations[series.Index(today)] : null);
            var (session, rule, reason) = PlanRules.Decide(state, policy, loads, options);
            var load = loads.Of(session);
            string? discipline = session switch
            {
                Sessions.Rest => null,
                Sessions.Easy => cross ?? main,
                _ => main,
            };
            var minutes = session == Sessions.Rest ? 0 : (int)Math.Clamp(Math.Round(load / rates[session] / 5) * 5, 15, 240);
            days.Add(new PlanDay(date, session, discipline, minutes, Math.Round(load, 1), rule, reason,
                new PlanDayInputs(Math.Round(fitness, 1), Math.Round(fatigue, 1), Math.Round(fitness - fatigue, 1),
                    state.FormPercent(options.FitnessFloor) is { } p ? Math.Round(p, 1) : null, hrv, ill, hardYesterday,
                    state.HardInLastSixDays, daysSinceRest, Math.Round(gain, 2))));
            var next = PlanRules.NextFitness(fitness, load);
            gain += next - fitness;
            (fitness, fatigue) = (next, PlanRules.NextFatigue(fatigue, load));
            hardYesterday = session == Sessions.Hard;
            daysSinceRest = session == Sessions.Rest ? 0 : daysSinceRest + 1;
            recentHard.Dequeue();
            recentHard.Enqueue(hardYesterday);
        }

        return new TrainingPlan(today, issuedAt, lakeVersion, policy.Name, days, loads, notes, Fuel.Plan(days, body, silver, analysis, today));
    }

    /// <summary>The person's own session loads: the 25th, 50th and 85th percentiles of their training days' loads in the last 90 days.</summary>
    private static SessionLoads Loads(double[] dayLoad, DaySeries series, DateOnly today)
    {
        var training = new List<double>();
        for (var d = today.AddDays(-HistoryDays); d < today; d = d.AddDays(1))
        {
            if (d >= series.First && d <= series.Last && dayLoad[series.Index(d)] > 1)
            {
                training.Add(dayLoad[series.Index(d)]);
            }
        }

        if (training.Count < MinTrainingDays)
        {
            return DefaultLoads;
        }

        training.Sort();
        var easy = Stats.Quantile(training, 0.25);
        var moderate = Math.Max(Stats.Quantile(training, 0.5), easy * 1.25);
        var hard = Math.Max(Stats.Quantile(training, 0.85), moderate * 1.25);
        return new SessionLoads(Math.Round(easy, 1), Math.Round(moderate, 1), Math.Round(hard, 1),
            $"from your own {training.Count} training days of the last 90 (the 25th, 50th and 85th percentiles of a day's load)");
    }

    /// <summary>Today's HRV status (the latest day up to today, if it is at most three days old).</summary>
    private static string Hrv(AnalysisResult analysis, DateOnly today, List<string> notes)
    {
        var series = analysis.Series;
        var at = today < series.Last ? today : series.Last;
        if (at < today.AddDays(-3))
        {
            notes.Add("No HRV status in the last three days: the HRV-guided rule cannot apply.");
            return HrvStatus.Insufficient;
        }

        var day = analysis.Hrv[series.Index(at)];
        if (day.Status == HrvStatus.Insufficient)
        {
            notes.Add("Not enough HRV yet for a normal range (about three weeks of readings): the HRV-guided rule cannot apply yet.");
        }
        else
        {
            notes.Add($"HRV on {at:yyyy-MM-dd}: 7-day mean ln {day.Mean7:0.00}, normal range {day.Lower:0.00}-{day.Upper:0.00}: {day.Status}.");
        }

        return day.Status;
    }

    /// <summary>The latest day in the last few days with a sign of illness: Bio's illness signal or the journal's "felt ill".</summary>
    private static DateOnly? LastIll(AnalysisResult analysis, DateOnly today, PlanOptions options)
    {
        var series = analysis.Series;
        for (var d = today; d >= today.AddDays(-options.IllRestDays); d = d.AddDays(-1))
        {
            if (d < series.First || d > series.Last)
            {
                continue;
            }

            if (series.ReportedIll[series.Index(d)] || analysis.Anomalies.Any(a => a.Date == d && a.Kind == "illness_signal"))
            {
                return d;
            }
        }

        return null;
    }

    /// <summary>Why the person's own ratings soften the plan, or null: energy at or under the low mark, or effort at or over the high one, in the last three days.</summary>
    private static string? Softened(Silver silver, DateOnly today, PlanOptions options)
    {
        foreach (var f in silver.Feedback.Values.Where(f => f.Date >= today.AddDays(-3) && f.Date <= today).OrderByDescending(f => f.Date))
        {
            if (f.Energy is { } e && e <= options.LowEnergy)
            {
                return $"you rated your energy {e} of 5 on {f.Date:yyyy-MM-dd}";
            }

            if (f.Exertion is { } x && x >= options.HighExertion)
            {
                return $"you rated your effort {x} of 10 on {f.Date:yyyy-MM-dd}";
            }
        }

        return null;
    }

    /// <summary>The person's most frequent workout type (hard and moderate days) and their second (easy days), over the last 90 days.</summary>
    private static (string? Main, string? Cross, string Note) Disciplines(DaySeries series, DateOnly today)
    {
        var counts = series.Workouts
            .Where(w => w.LocalDate >= today.AddDays(-HistoryDays) && w.LocalDate < today && w.Discipline is not ("mindfulness" or "day strain"))
            .GroupBy(w => w.Discipline)
            .Select(g => (Discipline: g.Key, Count: g.Count()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Discipline, StringComparer.Ordinal)
            .ToList();
        if (counts.Count == 0)
        {
            return (null, null, "No workouts in the last 90 days to take a discipline from: the plan gives sessions without one.");
        }

        var total = counts.Sum(c => c.Count);
        var cross = counts.Count > 1 && counts[1].Count >= 3 ? counts[1].Discipline : null;
        return (counts[0].Discipline, cross,
            $"Disciplines from your last 90 days: {counts[0].Discipline} ({counts[0].Count} of {total} workouts) for moderate and hard days" +
            (cross is null ? "." : $", {cross} ({counts[1].Count}) for easy days."));
    }

    /// <summary>Load per minute of each session, from the person's own workouts of that kind in the last 90 days, else Bio's defaults.</summary>
    private static Dictionary<string, double> Rates(AnalysisResult analysis, SessionLoads loads, DateOnly today)
    {
        var byClass = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var workouts = analysis.Series.Workouts;
        for (var i = 0; i < workouts.Count && i < analysis.WorkoutLoads.Count; i++)
        {
            var w = workouts[i];
            if (w.LocalDate < today.AddDays(-HistoryDays) || w.LocalDate >= today || w.DurationMinutes < 10 || analysis.WorkoutLoads[i].Load <= 0)
            {
                continue;
            }

            var session = loads.Classify(analysis.WorkoutLoads[i].Load);
            if (!byClass.TryGetValue(session, out var list))
            {
                byClass[session] = list = [];
            }

            list.Add(analysis.WorkoutLoads[i].Load / w.DurationMinutes);
        }

        var rates = new Dictionary<string, double>(StringComparer.Ordinal) { [Sessions.Rest] = 1 };
        foreach (var s in new[] { Sessions.Easy, Sessions.Moderate, Sessions.Hard })
        {
            rates[s] = byClass.TryGetValue(s, out var list) && list.Count >= 3 ? Stats.Median(list) : DefaultRate[s];
        }

        return rates;
    }
}
