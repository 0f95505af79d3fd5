using Bio.Core.Ingest;

namespace Bio.Core.Synthetic;

/// <summary>What the generator made: the rows (as an import batch) and the events behind them.</summary>
public sealed record SyntheticData(ImportBatch Batch, IReadOnlyList<SyntheticEvent> Events);

/// <summary>
/// A realistic synthetic person, day by day, deterministic for a seed. The model, in ln(rMSSD) space where
/// HRV behaves additively (Plews et al. 2012):
/// <list type="bullet">
/// <item>a personal baseline (ln 40-75 ms) drifting slowly with fitness;</item>
/// <item>AR(1) day-to-day noise (phi 0.35, sd 0.07) and a weekly rhythm (weekend evenings cost ~0.04);</item>
/// <item>training in 4-week blocks (3 build weeks, 1 easy) on a weekly plan in one main sport, with
/// Wednesday's easy session as cross-training; yesterday's load lowers
/// today's HRV and raises RHR in proportion;</item>
/// <item>events: overreaching blocks (load x1.5 for 10-14 days, HRV suppressed progressively, RHR up),
/// illness (RHR +5-8 bpm and HRV -0.25 starting a day before symptoms, respiratory rate and skin
/// temperature up, no training), alcohol nights (HRV -0.2, RHR +3, poorer sleep next morning) and travel
/// (short sleep for 2-3 nights, HRV -0.1).</item>
/// </list>
/// Resting HR mirrors HRV; sleep, readiness and steps follow from the same state.
/// </summary>
public static class SyntheticPerson
{
    public const string SourceName = "synthetic";

    private static readonly string[] Plan = ["rest", "intervals", "easy", "tempo", "rest", "long", "easy"]; // Monday first

    public static SyntheticData Generate(int seed, int days, DateOnly lastDay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, 3660);
        var random = new Random(seed);
        var batch = new ImportBatch(SourceName);
        var events = new List<SyntheticEvent>();
        var first = lastDay.AddDays(-(days - 1));

        var baseLn = Math.Log(40 + random.NextDouble() * 35);
        var baseRhr = 48 + random.NextDouble() * 14;
        var fitnessTrend = (random.NextDouble() - 0.3) * 0.15 / 365; // ln units per day
        var ar = 0.0;
        var previousLoad = 0.0;
        var illnessLeft = 0;
        var illnessOnsetLag = 0;
        var overreachLeft = 0;
        var overreachDay = 0;
        var travelLeft = 0;
        var alcoholYesterday = false;
        var sport = random.Next(3) switch { 0 => "running", 1 => "cycling", _ => "strength" };
        var cross = sport == "running" ? "cycling" : "running"; // Wednesday's easy session is cross-training

        for (var i = 0; i < days; i++)
        {
            var day = first.AddDays(i);
            var row = batch.RowRead();
            var weekday = ((int)day.DayOfWeek + 6) % 7; // Monday = 0
            var blockWeek = i / 7 % 4;

            // Start events (never overlapping illness with overreaching, to keep the truth clear).
            if (illnessLeft == 0 && overreachLeft == 0 && random.NextDouble() < 1.0 / 120)
            {
                illnessLeft = random.Next(4, 8);
                illnessOnsetLag = 1;
                events.Add(new SyntheticEvent("illness", day, day.AddDays(illnessLeft), "RHR and temperature rise a day before symptoms; no training while ill"));
            }
            else if (overreachLeft == 0 && illnessLeft == 0 && blockWeek == 0 && weekday == 0 && random.NextDouble() < 0.08)
            {
                overreachLeft = random.Next(10, 15);
                overreachDay = 0;
                events.Add(new SyntheticEvent("overreaching", day, day.AddDays(overreachLeft - 1), "training load x1.5 with too little recovery"));
            }

            if (travelLeft == 0 && random.NextDouble() < 1.0 / 60)
            {
                travelLeft = random.Next(2, 4);
                events.Add(new SyntheticEvent("travel", day, day.AddDays(travelLeft - 1), "time-zone change, short sleep"));
                batch.Journal.Add(new JournalRecord(day, "Travelled across time zones?", true, null, SourceName) { Row = row });
            }

            var alcohol = (weekday is 4 or 5 && random.NextDouble() < 0.3) || random.NextDouble() < 0.03;
            if (alcohol)
            {
                events.Add(new SyntheticEvent("alcohol", day.AddDays(1), day.AddDays(1), "drinks the evening before"));
                batch.Journal.Add(new JournalRecord(day.AddDays(1), "Have any alcoholic drinks?", true, null, SourceName) { Row = row });
            }

            // Training for the day.
            var ill = illnessLeft > 0 && illnessOnsetLag == 0;
            var session = Plan[weekday];
            var blockScale = blockWeek == 3 ? 0.6 : 0.9 + 0.1 * blockWeek;
            var load = session switch { "rest" => 0, "easy" => 45, "tempo" => 75, "intervals" => 85, _ => 110 } * blockScale;
            if (overreachLeft > 0)
            {
                load = Math.Max(load, 60) * 1.5;
            }

            var skipped = ill || (load > 0 && random.NextDouble() < 0.06);
            if (skipped)
            {
                load = 0;
            }

            // Physiology of the morning (driven by yesterday and the state).
            ar = 0.35 * ar + Gaussian(random) * 0.07;
            var ln = baseLn + fitnessTrend * i + ar
                - 0.0012 * previousLoad
                - (weekday is 5 or 6 ? 0.04 : 0)
                - (alcoholYesterday ? 0.2 : 0)
                - (travelLeft > 0 ? 0.1 : 0)
                - (illnessLeft > 0 ? 0.25 : 0)
                - (overreachLeft > 0 ? 0.012 * overreachDay : 0);
            var rhr = baseRhr - 12 * (ln - baseLn) + Gaussian(random) * 1.2
                + (alcoholYesterday ? 3 : 0) + (illnessLeft > 0 ? 5 + random.NextDouble() * 3 : 0) + (overreachLeft > 0 ? 0.3 * overreachDay : 0);
            var sleepMinutes = 440 + Gaussian(random) * 30 - (travelLeft > 0 ? 90 : 0) - (alcoholYesterday ? 25 : 0) + (illnessLeft > 0 ? 40 : 0);
            sleepMinutes = Math.Clamp(sleepMinutes, 180, 660);
            var sleepScore = Math.Clamp(75 + (sleepMinutes - 440) / 6 + Gaussian(random) * 5 - (alcoholYesterday ? 10 : 0), 20, 99);
            var readiness = Math.Clamp(75 + 60 * (ln - baseLn) + (sleepScore - 75) * 0.3 - 0.05 * previousLoad + Gaussian(random) * 4, 10, 99);
            var hrv = Math.Exp(ln);

            void Add(Metric metric, double value) =>
                batch.Daily.Add(new DailyObservation(day, metric, Math.Round(value, 2), SourceName, row));

            // About 3 % of nights the ring was off: no overnight values that day.
            if (random.NextDouble() > 0.03)
            {
                Add(Metric.HrvRmssdMs, Math.Clamp(hrv, 5, 250));
                Add(Metric.RestingHrBpm, Math.Clamp(rhr, 30, 120));
                Add(Metric.SleepMinutes, sleepMinutes);
                Add(Metric.DeepMinutes, sleepMinutes * (0.17 + Gaussian(random) * 0.02));
                Add(Metric.RemMinutes, sleepMinutes * (0.22 + Gaussian(random) * 0.02));
                Add(Metric.SleepScore, sleepScore);
                Add(Metric.ReadinessScore, readiness);
                Add(Metric.RespiratoryRate, 14.5 + Gaussian(random) * 0.4 + (illnessLeft > 0 ? 1.5 : 0));
                Add(Metric.SkinTempDevC, Gaussian(random) * 0.15 + (illnessLeft > 0 ? 0.6 : 0));
            }

            Add(Metric.Steps, Math.Max(800, 8500 + Gaussian(random) * 2500 + load * 40 - (ill ? 5000 : 0)));

            if (load > 0)
            {
                var minutes = Math.Round(load * 0.55 + random.Next(-5, 6));
                var hr = 120 + load * 0.35 + Gaussian(random) * 4;
                var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(weekday >= 5 ? 9 : 18, random.Next(0, 4) * 15)), TimeSpan.Zero);
                var discipline = weekday == 2 ? cross : sport;
                batch.Workouts.Add(new WorkoutRecord(start, day, load < 50 && discipline == "strength" ? "mobility" : discipline, minutes, SourceName)
                {
                    Title = $"{session} {discipline}",
                    AvgHr = Math.Round(hr, 1),
                    MaxHr = Math.Round(hr + 20 + random.Next(0, 10), 1),
                    OutputKj = discipline == "cycling" ? Math.Round(load * 4.2, 1) : null,
                    Kcal = Math.Round(minutes * (7 + load / 40)),
                    DistanceKm = discipline == "running" ? Math.Round(minutes / 5.5, 2) : discipline == "cycling" ? Math.Round(minutes / 2.1, 2) : null,
                    Row = row,
                });
            }

            batch.RowAccepted();
            previousLoad = load;
            alcoholYesterday = alcohol;
            if (illnessLeft > 0)
            {
                if (illnessOnsetLag > 0) illnessOnsetLag--; else illnessLeft--;
            }

            if (overreachLeft > 0)
            {
                overreachLeft--;
                overreachDay++;
            }

            if (travelLeft > 0)
            {
                travelLeft--;
            }
        }

        // Keep only journal entries and alcohol events inside the generated range.
        batch.Journal.RemoveAll(j => j.Date > lastDay);
        events.RemoveAll(e => e.Start > lastDay);
        return new SyntheticData(batch, events);
    }

    private static double Gaussian(Random random)
    {
        // Box-Muller
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
