using Bio.Core.Analytics;
using Bio.Core.Ingest;
using Bio.Core.Lake;

namespace Bio.Tests.Plans;

/// <summary>
/// A constructed history for the plan's tests: nightly HRV (rMSSD around 60 ms with a small deterministic
/// wobble) and resting HR 50, and a steady training week of heart-rate workouts; each test then bends one
/// part of it (low HRV, a hard day yesterday, illness, a rating).
/// </summary>
internal sealed class PlanHistoryBuilder
{
    public static readonly DateOnly First = new(2026, 1, 5); // a Monday

    private readonly ImportBatch batch = new("test");

    public PlanHistoryBuilder(int days = 120, bool train = true, int untrainedLastDays = 0)
    {
        Days = days;
        for (var i = 0; i < days; i++)
        {
            Night(First.AddDays(i), 60 * Math.Exp(0.08 * Math.Sin(i * 1.3)));
            if (train && i < days - untrainedLastDays)
            {
                // Mon rest, Tue hard, Wed easy, Thu moderate, Fri rest, Sat long, Sun easy.
                switch (i % 7)
                {
                    case 1: Workout(First.AddDays(i), "running", 60, 150); break;
                    case 2: Workout(First.AddDays(i), "cycling", 45, 120); break;
                    case 3: Workout(First.AddDays(i), "running", 60, 140); break;
                    case 5: Workout(First.AddDays(i), "running", 90, 145); break;
                    case 6: Workout(First.AddDays(i), "running", 45, 120); break;
                    default: break;
                }
            }
        }
    }

    public int Days { get; }

    /// <summary>The day after the last day of data.</summary>
    public DateOnly Today => First.AddDays(Days);

    public PlanHistoryBuilder Night(DateOnly day, double rmssd, double rhr = 50)
    {
        batch.Daily.Add(new DailyObservation(day, Metric.HrvRmssdMs, rmssd, "test", 0));
        batch.Daily.Add(new DailyObservation(day, Metric.RestingHrBpm, rhr, "test", 0));
        return this;
    }

    public PlanHistoryBuilder Workout(DateOnly day, string discipline, double minutes, double avgHr, double? kcal = null)
    {
        batch.Workouts.Add(new WorkoutRecord(new DateTimeOffset(day.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero), day, discipline, minutes, "test")
        {
            AvgHr = avgHr, MaxHr = 185, Kcal = kcal,
        });
        return this;
    }

    public PlanHistoryBuilder Journal(DateOnly day, string question, bool answer)
    {
        batch.Journal.Add(new JournalRecord(day, question, answer, null, "test"));
        return this;
    }

    public PlanHistoryBuilder Rating(DateOnly day, int? energy = null, int? exertion = null)
    {
        batch.Feedback.Add(new FeedbackRecord(day, energy, null, exertion, null, "feedback"));
        return this;
    }

    public PlanHistoryBuilder ActiveKcal(DateOnly day, double kcal)
    {
        batch.Daily.Add(new DailyObservation(day, Metric.ActiveKcal, kcal, "test", 0));
        return this;
    }

    public (AnalysisResult Analysis, Silver Silver) Build()
    {
        var silver = new Silver();
        silver.Merge(batch, "test");
        return (Analysis.Run(DaySeries.FromSilver(silver)), silver);
    }
}
