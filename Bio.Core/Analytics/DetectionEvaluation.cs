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
            var inputs = Inputs(person.Batch);
            var alerts = Anomalies.Detect(inputs, options).Where(a => a.Tier == "alert").Select(a => a.Date).ToHashSet();
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

    /// <summary>The detectors' daily inputs from an import batch (the same shape silver gives them).</summary>
    public static List<AnomalyInput> Inputs(ImportBatch batch)
    {
        var workouts = batch.Workouts.Select(w => w.LocalDate).ToHashSet();
        return batch.Daily.GroupBy(o => o.Date).OrderBy(g => g.Key).Select(g =>
        {
            double? V(Metric m) => g.Where(o => o.Metric == m).Select(o => (double?)o.Value).FirstOrDefault();
            return new AnomalyInput(g.Key, V(Metric.HrvRmssdMs), V(Metric.RestingHrBpm), V(Metric.ReadinessScore),
                V(Metric.SkinTempDevC), V(Metric.RespiratoryRate), workouts.Contains(g.Key));
        }).ToList();
    }
}
