using Bio.Core.Ingest;
using Bio.Core.Synthetic;

namespace Bio.Core.Analytics;

/// <summary>How well the illness signal finds the illnesses a synthetic person lived through.</summary>
public sealed record DetectionScore(int Events, int Detected, double Recall, double FalseAlertDaysPerPersonMonth, double MedianLeadDays, int People, int Days);

/// <summary>
/// Scores the detectors against synthetic ground truth, forward in time only (the detectors already
/// judge each day on data up to that day). An illness counts as caught when an "alert" falls between
/// two days before the first day of raised resting HR and the symptom day (the day after); lead time is
/// the symptom day minus the first such alert. An alert outside every illness (from two days before to
/// two days after) is a false alert day. Illnesses in the first 28 days (no baseline yet) are not scored.
/// </summary>
public static class DetectionEvaluation
{
    public static DetectionScore IllnessSignal(IEnumerable<int> seeds, int days, DateOnly lastDay, AnomalyOptions? options = null)
    {
        int events = 0, detected = 0, falseDays = 0, people = 0, totalDays = 0;
        var leads = new List<int>();
        foreach (var seed in seeds)
        {
            var person = SyntheticPerson.Generate(seed, days, lastDay);
            var first = lastDay.AddDays(-(days - 1));
            var analysis = Run(person, new AnalysisOptions { Anomalies = options ?? new AnomalyOptions() });
            var alerts = analysis.Anomalies.Where(a => a.Tier == "alert").Select(a => a.Date).ToHashSet();
            var illnesses = person.Events.Where(e => e.Kind == "illness").ToList();
            foreach (var ill in illnesses.Where(e => e.Start.DayNumber - first.DayNumber >= 28))
            {
                events++;
                var symptoms = ill.Start.AddDays(1);
                var hits = alerts.Where(a => a >= ill.Start.AddDays(-2) && a <= symptoms).Order().ToList();
                if (hits.Count > 0)
                {
                    detected++;
                    leads.Add(symptoms.DayNumber - hits[0].DayNumber);
                }
            }

            falseDays += alerts.Count(a => !illnesses.Any(e => a >= e.Start.AddDays(-2) && a <= e.End.AddDays(2)));
            people++;
            totalDays += days;
        }

        leads.Sort();
        return new DetectionScore(events, detected, events == 0 ? 0 : (double)detected / events,
            falseDays / (totalDays / 30.4), leads.Count == 0 ? 0 : leads[leads.Count / 2], people, totalDays);
    }

    /// <summary>
    /// Overreaching blocks: caught when the risk level reaches "high" within the block's first 3 days
    /// (from its start to start + 3); a high day outside every block (3 days before to 7 days after) and
    /// outside every illness (to 10 days after, when training resumes) is a false alert day. Lead is counted from the block start (0 = caught on its first day).
    /// </summary>
    public static DetectionScore Overreaching(IEnumerable<int> seeds, int days, DateOnly lastDay, RiskOptions? options = null)
    {
        int events = 0, detected = 0, falseDays = 0, people = 0, totalDays = 0;
        var delays = new List<int>();
        foreach (var seed in seeds)
        {
            var person = SyntheticPerson.Generate(seed, days, lastDay);
            var first = lastDay.AddDays(-(days - 1));
            var risk = Risk(person, first, lastDay, options);
            var high = risk.Where(r => r.Level == OvertrainingRisk.High).Select(r => r.Date).ToHashSet();
            var blocks = person.Events.Where(e => e.Kind == "overreaching").ToList();
            foreach (var block in blocks.Where(e => e.Start.DayNumber - first.DayNumber >= 60))
            {
                events++;
                var hit = high.Where(d => d >= block.Start && d <= block.Start.AddDays(3)).Order().FirstOrDefault();
                if (hit != default)
                {
                    detected++;
                    delays.Add(hit.DayNumber - block.Start.DayNumber);
                }
            }

            // High risk while ill (or just back) is not a false alarm: the person should not train hard then either.
            var ill = person.Events.Where(e => e.Kind == "illness").ToList();
            falseDays += high.Count(d => !blocks.Any(b => d >= b.Start.AddDays(-3) && d <= b.End.AddDays(7)) &&
                                         !ill.Any(e => d >= e.Start && d <= e.End.AddDays(10)));
            people++;
            totalDays += days;
        }

        delays.Sort();
        return new DetectionScore(events, detected, events == 0 ? 0 : (double)detected / events,
            falseDays / (totalDays / 30.4), delays.Count == 0 ? 0 : delays[delays.Count / 2], people, totalDays);
    }

    /// <summary>The risk model run on a synthetic person, as the grain runs it on silver.</summary>
    public static List<RiskDay> Risk(SyntheticData person, DateOnly from, DateOnly to, RiskOptions? options = null) =>
        [.. Run(person, new AnalysisOptions { Risk = options ?? new RiskOptions() }).Risk.Where(r => r.Date >= from && r.Date <= to)];

    /// <summary>The whole analysis of a synthetic person: merged into silver and run exactly as the grain does.</summary>
    public static AnalysisResult Run(SyntheticData person, AnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(person);
        return Analysis.Of(person.Batch, options);
    }
}
