using System.Globalization;
using System.Text.RegularExpressions;
using Bio.Core.Query;

namespace Bio.Core.Agent;

/// <summary>The intents the offline engine understands.</summary>
public static class Intents
{
    public const string RefuseDiagnosis = "refuse_diagnosis";
    public const string RefuseOthers = "refuse_others";
    public const string Cannot = "cannot";

    /// <summary>Understood, but asks for a shape of answer Bio does not compute (a correlation, a streak...): refused, naming it.</summary>
    public const string Unsupported = "unsupported";
    public const string Sql = "sql";

    /// <summary>Pearson r between two measures (<see cref="QuestionPlan.Metric"/> and <see cref="QuestionPlan.Metric2"/>), paired by date.</summary>
    public const string Correlate = "correlate";

    /// <summary>The longest run of days in a row that meet a threshold (or have a workout).</summary>
    public const string Streak = "streak";

    /// <summary>A summary gold view shown whole (<see cref="QuestionPlan.Topic"/> is its name).</summary>
    public const string View = "view";

    /// <summary>A count of a table's rows by one of its category columns (<see cref="QuestionPlan.Topic"/> is "table.column").</summary>
    public const string Tally = "tally";

    /// <summary>The most recent workout (of the discipline, when named), with every measure it has.</summary>
    public const string LastWorkout = "last_workout";

    /// <summary>The top (or bottom) <see cref="QuestionPlan.Limit"/> days or workouts by a measure.</summary>
    public const string Rank = "rank";
    public const string Status = "status";

    /// <summary>The week's plan (<see cref="QuestionPlan.Topic"/> "week"), or one day of it ("0" today, "1" tomorrow...): advice answers from it.</summary>
    public const string Plan = "plan";
    public const string Risk = "risk";
    public const string RiskCount = "risk_count";
    public const string HrvStatus = "hrv_status";
    public const string Anomalies = "anomalies";
    public const string Forecast = "forecast";

    /// <summary>How far off the HRV forecasts have been: the scored live forecasts, else the walk-forward backtest.</summary>
    public const string ForecastAccuracy = "forecast_accuracy";
    public const string Insights = "insights";
    public const string WeeklySummary = "weekly_summary";
    public const string Aggregate = "aggregate";
    public const string Value = "value";
    public const string ThresholdList = "threshold_list";
    public const string ThresholdCount = "threshold_count";
    public const string Compare = "compare";
    public const string Group = "group";
    public const string Trend = "trend";
    public const string BestWorkoutType = "best_workout_type";
    public const string WorkoutList = "workout_list";
    public const string JournalList = "journal_list";
    public const string JournalEffect = "journal_effect";
    public const string LabelCount = "label_count";
    public const string Rolling = "rolling";
    public const string WeekOverWeek = "week_over_week";
    public const string SleepPrediction = "sleep_prediction";
    public const string ReadinessPerformance = "readiness_performance";
}

/// <summary>
/// The offline engine's reading of a question: intent, metric, date range (<see cref="DatePhrases"/>),
/// aggregate, threshold, comparison, grouping, and for follow-ups what changes from the previous turn.
/// Pure and deterministic; <see cref="SqlPlanner"/> turns the result into SQL where SQL answers it.
/// </summary>
public static partial class QuestionParser
{
    /// <summary>What a question without a date covers: all of the person's data (and the answer says so).</summary>
    public const string AllData = "all your data";

    public static QuestionPlan Parse(string question, DateOnly today, DateOnly? dataTo = null, QuestionPlan? previous = null, DateOnly? dataFrom = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        var q = Normalize(question);
        if (LooksLikeSql(question))
        {
            return new QuestionPlan(Intents.Sql, Sql: question.Trim());
        }

        if (Diagnosis().IsMatch(q))
        {
            return new QuestionPlan(Intents.RefuseDiagnosis);
        }

        if (OtherPeople().Match(q) is { Success: true } other)
        {
            return new QuestionPlan(Intents.RefuseOthers, Topic: other.Value);
        }

        if (Possessives().Matches(q).FirstOrDefault(m => !OwnPossessives.Contains(m.Groups[1].Value)) is { } possessive)
        {
            return new QuestionPlan(Intents.RefuseOthers, Topic: possessive.Value);
        }

        // A summary view named by its own name ("show my workout type optimization"): all of it, as the sandbox has it.
        if (SchemaVocabulary.SummaryView(q) is { } view)
        {
            return new QuestionPlan(Intents.View, Topic: view);
        }

        // A table's rows, or a count of them by a category column (TableQuestions.cs).
        if (TableQuestion(q, today, dataTo, dataFrom) is { } tableQuestion)
        {
            return tableQuestion;
        }

        var fresh = Fresh(q, today, dataTo, dataFrom);
        if (UnsupportedShape(Blank(q, MetricVocabulary.Locate(q)), fresh) is { } unsupported)
        {
            return unsupported;
        }

        if (previous is not null && previous.Intent is not (Intents.Cannot or Intents.RefuseDiagnosis or Intents.RefuseOthers or Intents.Sql)
            && (FollowUpStart().IsMatch(q) || Incomplete(fresh, q)) && FollowUp(q, today, dataTo, dataFrom, previous) is { } followUp)
        {
            return followUp;
        }

        // Nothing understood: the answer names the words it could not place, so the person can rephrase.
        return fresh is { Intent: Intents.Cannot, Topic: null } ? fresh with { NotUnderstood = Typos.Unknown(q) } : fresh;
    }

    /// <summary>
    /// Words that change what the answer must be, for shapes no intent computes yet: answering them with an
    /// average or a count would answer a different question, so the question is refused, naming the words.
    /// Sleep against next-day readiness is the one correlation Bio computes (the insight).
    /// </summary>
    private static readonly (string Shape, Regex Words)[] UnsupportedShapes =
    [
        ("a correlation between two measures", new(@"\bcorrelat\w*|\bpearson\b|\brelated\b|\brelationship\b|\bgo(?:es)? (?:together|with)\b|\bassociated\b", RegexOptions.Compiled)),
        ("streaks of days in a row", new(@"\bin a row\b|\bstreaks?\b|\bconsecutive\b|\bstraight days\b", RegexOptions.Compiled)),
        ("a ranking of the top days", new(@"\btop \d+\b|\b(?:\d+|three|five|ten) (?:days|nights|workouts|rides|runs) (?:had|with|when|were)\b.*\b(?:highest|lowest|best|worst|most|least)\b|\b(?:\d+|three|five|ten) (?:highest|lowest|best|worst|biggest|smallest)\b|\b(?:highest|lowest|best|worst) (?:\d+|three|five|ten)\b", RegexOptions.Compiled)),
        ("how much a measure varies (its spread)", new(@"\bstandard deviation\b|\bstd ?dev\b|\bvariability of\b|\bhow much does my .* vary\b|\bhow (?:consistent|variable)\b|\bvary\b", RegexOptions.Compiled)),
        ("the first days of your data against the last", new(@"\bfirst (?:\d+ days|month|week)\b.*\b(?:vs\.?|versus|against|compared|to)\b.*\blast\b|\bsince i started\b", RegexOptions.Compiled)),
    ];

    /// <summary>Sleep against (next-day) readiness, a journal behaviour's or a workout type's effect: the relations Bio does compute.</summary>
    private static bool SleepAndReadiness(string q, QuestionPlan fresh) =>
        fresh.Intent is Intents.JournalEffect or Intents.BestWorkoutType or Intents.ReadinessPerformance
        || fresh.Intent is Intents.SleepPrediction or Intents.Insights && q.Contains("sleep", StringComparison.Ordinal) && q.Contains("readiness", StringComparison.Ordinal);

    private static QuestionPlan? UnsupportedShape(string q, QuestionPlan fresh)
    {
        // Already refused for a reason of its own, or a shape Bio computes, or advice ("3 rides in a row, go hard again?").
        if (fresh.Intent is Intents.Sql or Intents.RefuseDiagnosis or Intents.RefuseOthers or Intents.Unsupported || Shaped(fresh) || Advice().IsMatch(q))
        {
            return null;
        }

        foreach (var (shape, words) in UnsupportedShapes)
        {
            if (words.Match(q) is { Success: true } m
                && !(shape.StartsWith("a correlation", StringComparison.Ordinal) && SleepAndReadiness(q, fresh)))
            {
                return new QuestionPlan(Intents.Unsupported, fresh.Metric, Topic: m.Value, Aggregate: shape);
            }
        }

        return null;
    }

    /// <summary>The question in lower case with typographic quotes, thousands separators and extra spaces made plain.</summary>
    public static string Normalize(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var q = question.Normalize(System.Text.NormalizationForm.FormKC).ToLowerInvariant()
            .Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u201c', '"').Replace('\u201d', '"');
        q = Thousands().Replace(q, "$1$2");
        q = DaysShort().Replace(q, "$1 days");
        q = DayOfMonth().Replace(q, "$1 $2"); // "the 28th of december": 28 december
        q = q.Replace("last nite", "last night", StringComparison.Ordinal);
        q = LastMonthOfData().Replace(q, "last 30 days of my data");
        // "on 12/28" without a year: month first as US exports write it, unless the first number cannot be a month.
        q = ShortSlashDate().Replace(q, m =>
        {
            var (a, b) = (int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
            var (month, day) = a <= 12 ? (a, b) : (b, a);
            return month is < 1 or > 12 || day is < 1 or > 31 ? m.Value
                : $"{m.Groups[1].Value} {CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month).ToLowerInvariant()} {day.ToString(CultureInfo.InvariantCulture)}";
        });
        q = Typos.Correct(q);
        // Period words as people shorten them: "last wk", "past 2 wks", "last mnth", "this yr".
        q = Abbreviations().Replace(q, m => m.Value switch
        {
            "wk" => "week", "wks" => "weeks", "mnth" or "mth" => "month", "mnths" or "mths" => "months", "yr" => "year", "yrs" => "years",
            "yday" or "yest" => "yesterday", "avg." => "avg", _ => m.Value,
        });
        return Spaces().Replace(q, " ").Trim().TrimEnd('?', '.', '!').Trim();
    }

    private static QuestionPlan Fresh(string q, DateOnly today, DateOnly? dataTo, DateOnly? dataFrom)
    {
        var discipline = MetricVocabulary.FindDiscipline(q);
        var located = MetricVocabulary.InWorkoutContext(q, MetricVocabulary.Locate(q), discipline is not null && WorkoutNoun().IsMatch(q) || OneWorkout().IsMatch(q) || WorkoutsNamed().IsMatch(q));
        // A journal topic inside a device's own measure ("stress" in "avg stress level") is that measure, not the journal's.
        var topicText = Blank(q, [.. located.Where(l => l.Metric.DeviceMeasure)]);
        var metrics = located.Select(l => l.Metric).ToList();
        var metric = metrics.Count > 0 ? metrics[0] : null;
        var range = OfMyData(q, DatePhrases.Parse(q, today), dataTo);
        var (from, to, phrase, days, defaulted) = Range(range, today, dataTo, dataFrom);
        var plan = new QuestionPlan(Intents.Cannot, metric?.Key, from, to, phrase, days, Discipline: discipline, RangeDefaulted: defaulted);

        // "Why was my readiness low on 28 December?": the reasons behind a past day are not kept yet; today's are the status.
        if (Why().IsMatch(q))
        {
            if (range is null or { Phrase: "today" or "last night" })
            {
                return plan with { Intent = Intents.Status };
            }

            return new QuestionPlan(Intents.Unsupported, metric?.Key, Topic: Why().Match(q).Value, Aggregate: "the reasons behind a past day (Bio explains today's status)");
        }

        // A device's own measure that only shares a word with one Bio has ("sleep need", "sleep performance", "HRV balance
        // contributor"): answering the plain measure would be another number under that name.
        if ((metric is not null || discipline is not null || DeviceOnly().IsMatch(q)) && Modifier().Match(Blank(q, [.. located.Where(l => l.Metric.Generated || l.Metric.DeviceMeasure)])) is { Success: true } modifier)
        {
            return new QuestionPlan(Intents.Unsupported, metric?.Key, Topic: modifier.Value,
                Aggregate: metric is null ? $"\"{modifier.Value}\"" : $"\"{modifier.Value}\" (not the same as {metric.Name})");
        }

        // A period word Bio did not read ("last motnh"): refused naming it rather than answered over all the data.
        if (range is null && PeriodLike().Match(q) is { Success: true } period && !KnownPeriodWord(period.Groups[1].Value))
        {
            return new QuestionPlan(Intents.Unsupported, metric?.Key, Topic: period.Value, Aggregate: "that period");
        }

        // A measure Bio does not have, even beside one it has ("blood pressure on days with low HRV").
        if (Unknown().IsMatch(q))
        {
            return plan with { Intent = Intents.Cannot, Topic = Unknown().Match(q).Value };
        }

        // A unit Bio does not give ("my HRV in bananas", "how many cups of coffee"): refused naming it, not answered in Bio's unit.
        if (UnitAsked().Match(q) is { Success: true } unitAsked && unitAsked.Groups.Values.Skip(1).First(g => g.Success).Value is var unitWord && !KnownUnits.Contains(unitWord))
        {
            return new QuestionPlan(Intents.Unsupported, metric?.Key, Topic: unitWord, Aggregate: $"{metric?.Name ?? "a measure"} in {unitWord}");
        }

        // "What do my habits do to my sleep?": every behaviour the journal records, against one next-morning measure.
        if (JournalTopics.Find(topicText) is null && Habits().IsMatch(q) && (metric is not null || Effect().IsMatch(q)))
        {
            var all = range is null ? (From: (DateOnly?)null, To: (DateOnly?)null) : (range.From, range.To);
            return plan with
            {
                Intent = Intents.JournalEffect, Metric = metric?.Key ?? "hrv", Topic = null, From = all.From, To = all.To,
                RangePhrase = range?.Phrase ?? "all your data", RangeDefaulted = false,
            };
        }

        // Two measures, streaks, rankings, spreads, the first days against the last: one plan each (QuestionShapes.cs).
        if (JournalTopics.Find(topicText) is null && Shape(q, plan, located) is { } shaped)
        {
            return shaped;
        }

        // "HRV after days with more than 12,000 steps": a condition on a second measure. Until plans carry
        // one, it is refused, never answered as a threshold on the first measure (12,000 ms of HRV).
        if (metrics.Count >= 2 && metrics.Select(x => x.Key).Distinct().Count() >= 2 && ThresholdWords().IsMatch(q) && !BestWorkoutType().IsMatch(q))
        {
            return new QuestionPlan(Intents.Unsupported, metric?.Key, Topic: ThresholdWords().Match(q).Value.Trim(),
                Aggregate: $"{metric?.Name} on days picked by another measure ({metrics.First(x => x.Key != metric?.Key).Name})");
        }

        // A daily measure of one kind of workout ("strain of my runs", "heart rate on my rides") is a per-workout
        // measure Bio does not keep: refused, not answered with the day's value over all days.
        if (metrics.FirstOrDefault(x => !x.PerWorkout) is { } daily && (metric == daily || metric?.Key == "workouts") && !BestWorkoutType().IsMatch(q) && !Advice().IsMatch(q)
            && (discipline is not null && WorkoutNoun().IsMatch(q) || OneWorkout().IsMatch(q)))
        {
            metric = daily;
            return new QuestionPlan(Intents.Unsupported, metric.Key, Topic: discipline is null ? OneWorkout().Match(q).Value : $"{metric.Name} of your {discipline} workouts", Aggregate: "a measure of each workout");
        }

        // "My last ride: output and watts?": that one workout, with every measure it has.
        if (LastWorkout().IsMatch(q) && metrics.All(x => x.PerWorkout) && !HowMany().IsMatch(q))
        {
            return plan with { Intent = Intents.LastWorkout, Metric = metric?.Key ?? "workouts" };
        }

        if (metric is { PerWorkout: true } && LatestWords().IsMatch(q) && metric.Key != "workouts")
        {
            return new QuestionPlan(Intents.Unsupported, metric.Key, Topic: LatestWords().Match(q).Value, Aggregate: "one workout's measures");
        }


        // Days of one label in a per-day view: "how many rest days were recommended", "days below my normal range".
        if (HowMany().IsMatch(q) && LabelCount(q) is { } label)
        {
            return plan with { Intent = Intents.LabelCount, Topic = label };
        }

        if (Rolling().Match(q) is { Success: true } rolling && (metric?.Key is "hrv" or "resting_hr" or "sleep_score" or "readiness"))
        {
            return plan with { Intent = Intents.Rolling, Aggregate = rolling.Groups[1].Value is "30" or "thirty" ? "30" : "7" };
        }

        if (WeekOverWeekWords().IsMatch(q) && (metric?.Key ?? "hrv") is "hrv" or "resting_hr" or "sleep_score" or "readiness")
        {
            return plan with { Intent = Intents.WeekOverWeek, Metric = metric?.Key ?? "hrv" };
        }

        if (SleepScoreOf().Match(q) is { Success: true } sleepOf && q.Contains("readiness", StringComparison.Ordinal))
        {
            return plan with { Intent = Intents.SleepPrediction, Metric = "readiness", Threshold = double.Parse(sleepOf.Groups[1].Value, CultureInfo.InvariantCulture) };
        }

        if (ReadinessPerformanceWords().IsMatch(q))
        {
            return plan with { Intent = Intents.ReadinessPerformance, Metric = "readiness" };
        }

        // The analyses' keywords are looked for outside the measure's own name ("overtraining risk acwr" names a column).
        var keywords = Blank(q, located);
        if (FarFuture().Match(q) is { Success: true } later)
        {
            return new QuestionPlan(Intents.Unsupported, metric?.Key, Topic: later.Value, Aggregate: "the future beyond the next 7 days (Bio forecasts HRV a week ahead)");
        }

        // "What should I train this week?", "what's my plan for tomorrow": the plan, the week or one day of it.
        if (PlanWords().IsMatch(q))
        {
            return plan with { Intent = Intents.Plan, Topic = PlanDay(q) ?? "week" };
        }

        // "Should I train hard tomorrow?" asks for that day of the plan and its rule, not the HRV forecast.
        if (Advice().IsMatch(q))
        {
            return plan with { Intent = Intents.Plan, Topic = PlanDay(q) ?? "0" };
        }

        // "How accurate are my forecasts?" asks for their record, not tomorrow's number.
        if (ForecastRecord().IsMatch(q))
        {
            return plan with { Intent = Intents.ForecastAccuracy, Metric = "hrv" };
        }

        // Bio's own analyses first: they answer with reasons, not a number alone.
        if (Forecast().IsMatch(keywords))
        {
            // Bio forecasts HRV for the next 7 days: another measure, or further ahead, is not that forecast.
            if (FarFuture().Match(q) is { Success: true } far)
            {
                return new QuestionPlan(Intents.Unsupported, metric?.Key ?? "hrv", Topic: far.Value, Aggregate: "a forecast beyond the next 7 days (Bio forecasts HRV a week ahead)");
            }

            if (metric is not null && metric.Key != "hrv")
            {
                return new QuestionPlan(Intents.Unsupported, metric.Key, Topic: metric.Name, Aggregate: $"a forecast of {metric.Name} (Bio forecasts HRV only)");
            }

            var target = TargetDay().Match(q) is { Success: true } m ? m.Groups[1].Value : null;
            return plan with { Intent = Intents.Forecast, Metric = "hrv", Topic = target };
        }

        if (Overtraining().IsMatch(keywords))
        {
            return HowMany().IsMatch(q) || range is not null
                ? plan with { Intent = Intents.RiskCount }
                : plan with { Intent = Intents.Risk };
        }

        if (WeeklySummary().IsMatch(keywords))
        {
            var week = range ?? DatePhrases.Parse("last week", today)!;
            return plan with { Intent = Intents.WeeklySummary, From = week.From, To = week.To, RangePhrase = week.Phrase, RangeDefaulted = range is null };
        }

        // "Minutes of meditation": a workout discipline (Peloton, Apple Health), not a journal answer.
        if (JournalTopics.Find(topicText) is { } journal && !(discipline is not null && WorkoutAmount().IsMatch(q)))
        {
            var topic = journal.Key;
            if (metric is not null && metric.Key != "workouts" || Effect().IsMatch(q))
            {
                var all = range is null ? (From: (DateOnly?)null, To: (DateOnly?)null) : (range.From, range.To);
                return plan with
                {
                    Intent = Intents.JournalEffect, Metric = metric?.Key ?? "hrv", Topic = topic, From = all.From, To = all.To,
                    RangePhrase = range?.Phrase ?? "all your data", RangeDefaulted = false,
                };
            }

            return plan with { Intent = Intents.JournalList, Topic = topic, Aggregate = Share().IsMatch(q) ? "share" : HowMany().IsMatch(q) ? "count" : null };
        }

        if (Insight().IsMatch(keywords))
        {
            var topic = q.Contains("sleep", StringComparison.Ordinal) ? "sleep_readiness"
                : q.Contains("workout type", StringComparison.Ordinal) || q.Contains("kind of workout", StringComparison.Ordinal) ? "workout_type_recovery"
                : q.Contains("hard", StringComparison.Ordinal) || q.Contains("intens", StringComparison.Ordinal) ? "intensity_impact"
                : q.Contains("trend", StringComparison.Ordinal) ? "readiness_trend"
                : q.Contains("anomal", StringComparison.Ordinal) ? "anomaly_timeline" : null;
            return plan with { Intent = Intents.Insights, Topic = topic, From = range?.From, To = range?.To, RangePhrase = range?.Phrase ?? "all your data" };
        }

        if (BestWorkoutType().IsMatch(q))
        {
            var condition = Threshold(q, MetricVocabulary.Get("readiness"));
            var all = range is null;
            return plan with
            {
                Intent = Intents.BestWorkoutType, Metric = "readiness", From = all ? null : from, To = all ? null : to,
                RangePhrase = all ? "all your data" : phrase, RangeDefaulted = false,
                ThresholdOp = condition?.Op, Threshold = condition?.Value,
            };
        }

        if (Anomaly().IsMatch(keywords))
        {
            return plan with { Intent = Intents.Anomalies };
        }

        if (HrvStatusWords().IsMatch(keywords))
        {
            return plan with { Intent = Intents.HrvStatus, Metric = "hrv" };
        }

        if (StatusWords().IsMatch(keywords) && range is null or { Phrase: "today" })
        {
            return plan with { Intent = Intents.Status };
        }

        if (metric is null or { Key: "workouts" } && (TrainingTime().IsMatch(q) || metric is not null && Longest().IsMatch(q)))
        {
            metric = MetricVocabulary.Get("workout_minutes");
            plan = plan with { Metric = metric.Key };
        }

        if (metric is null && discipline is null && Minutes().IsMatch(q) && WorkoutsNamed().IsMatch(q))
        {
            // "total minutes of classes last week": the workouts' time.
            metric = MetricVocabulary.Get("workout_minutes");
            plan = plan with { Metric = metric.Key };
        }

        if (metric is null && discipline is not null)
        {
            metric = MetricVocabulary.Get(Longest().IsMatch(q) || Minutes().IsMatch(q) ? "workout_minutes" : "workouts");
            plan = plan with { Metric = metric.Key };
        }

        if (metric is null && (ByInstructor().IsMatch(q) || LiveOrOnDemand().IsMatch(q) || ByDiscipline().IsMatch(q) && WorkoutsNamed().IsMatch(q)))
        {
            metric = MetricVocabulary.Get("workouts");
            plan = plan with { Metric = metric.Key };
        }

        if (metric is null && WorkoutList().IsMatch(q))
        {
            return plan with { Intent = Intents.WorkoutList, Metric = "workouts" };
        }

        if (metric is null)
        {
            return plan with { Intent = Intents.Cannot };
        }

        if (metric.Key == "workouts" && WorkoutList().IsMatch(q) && !HowMany().IsMatch(q))
        {
            return plan with { Intent = Intents.WorkoutList };
        }

        // "How many live rides": only the classes taken live (or on demand), as the export says.
        if (metric.PerWorkout && !LiveOrOnDemand().IsMatch(q) && LiveFilter().Match(q) is { Success: true } live)
        {
            plan = plan with { Condition = live.Groups[1].Value == "live" ? "live" : "on_demand" };
        }

        // Weekends against weekdays is a comparison within one range.
        if (WeekendsAndWeekdays().IsMatch(q) && !DayOfWeek().IsMatch(q))
        {
            var span = range is null || range.Phrase == DatePhrases.DaysOnly ? new DateRange(from, to, phrase) : range;
            return plan with
            {
                Intent = Intents.Compare, From = span.From, To = span.To, RangePhrase = span.Phrase, Days = "all", GroupBy = "weekend",
                Aggregate = Aggregate(q, metric), RangeDefaulted = false,
            };
        }

        if (Comparison().IsMatch(q) && Compare(q, today, dataTo, dataFrom, plan, metric) is { } compared)
        {
            return compared;
        }

        if (Trend().IsMatch(keywords))
        {
            return plan with { Intent = Intents.Trend };
        }

        if (GroupBy(keywords, metric) is { } group)
        {
            // "Which day is my HRV highest": the highest of the days' averages, not their maxima.
            var groupAggregate = Aggregate(q, metric) is "max" or "min" && !metric.PerWorkout ? null : Aggregate(q, metric);
            // "Is my sleep different on weekends? avg per weekday": every day of the week, not the weekend days only.
            var everyDay = group == "weekday" && EachWeekday().IsMatch(q);
            return plan with { Intent = Intents.Group, GroupBy = group, Aggregate = groupAggregate, Days = everyDay ? "all" : plan.Days };
        }

        if (Threshold(q, metric) is { } threshold)
        {
            // "How many days", and "what % of nights" / "how often": a count of the days, with its share.
            var count = HowMany().IsMatch(q) || Share().IsMatch(q);
            return plan with { Intent = count ? Intents.ThresholdCount : Intents.ThresholdList, ThresholdOp = threshold.Op, Threshold = threshold.Value };
        }

        var aggregate = Aggregate(q, metric);
        if (range is { } r && r.From == r.To && aggregate is "avg" or null && !metric.PerWorkout)
        {
            return plan with { Intent = Intents.Value };
        }

        // "My latest HRV": the last day that has it, within the period (all the data when none is named).
        if (LatestWords().IsMatch(q) && !metric.PerWorkout && (aggregate is null || q.Contains("most recent", StringComparison.Ordinal)))
        {
            return plan with { Intent = Intents.Value, Aggregate = "latest" };
        }

        if (metric.Key == "workouts" && aggregate is "avg" or "max" or "min" or "median")
        {
            // "avg watts on my rides": the measure was not understood, and an average of workouts is not it.
            return new QuestionPlan(Intents.Unsupported, metric.Key, Topic: q, Aggregate: "a measure of your workouts that Bio did not recognise");
        }

        return plan with { Intent = Intents.Aggregate, Aggregate = aggregate ?? "avg" };
    }

    /// <summary>"The last 30 days of my data", "the last month of my data": counted back from the latest day with data, not from today.</summary>
    private static DateRange? OfMyData(string q, DateRange? range, DateOnly? dataTo)
    {
        if (range is not { Rolling: true } || dataTo is not { } last || !OfData().IsMatch(q))
        {
            return range;
        }

        var length = range.To.DayNumber - range.From.DayNumber;
        return range with { From = last.AddDays(-length), To = last, Phrase = $"{range.Phrase} of your data", Rolling = false };
    }

    /// <summary>The question with the measures' own words blanked out.</summary>
    private static string Blank(string q, IReadOnlyList<(int At, int End, MetricDef Metric)> located)
    {
        var chars = q.ToCharArray();
        foreach (var (at, end, _) in located)
        {
            Array.Fill(chars, ' ', at, end - at);
        }

        return new string(chars);
    }

    /// <summary>True when the message reads like a follow-up ("and the week before?") rather than a question of its own.</summary>
    public static bool LooksLikeFollowUp(string message)
    {
        var q = Normalize(message);
        return FollowUpStart().IsMatch(q) || q.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 5;
    }

    /// <summary>
    /// A short message that does not stand as a question of its own: nothing understood, or a metric alone
    /// without a date ("resting heart rate?"). "Does alcohol affect my HRV?" is short but complete.
    /// </summary>
    [GeneratedRegex(@"\bshould i (?:train|work ?out|rest|run|ride|exercise|go|take it|do a|do an|lift|swim|skip|push|be training)\b|\bwhat should (?:i (?:do|train)|my (?:workout|training))\b|\btrain hard\b|\bgo hard\b|\btake it easy\b|\brest day\b|\bhard (?:run|ride|workout|session)\b.*\bor\b|\bhow hard should\b|\b(?:hard|moderate|easy|rest)\b.*\bor\b.*\b(?:hard|moderate|easy|rest)\b|\bam i (?:ok|okay|good|fine|ready|recovered enough) (?:to|for)\b|\bwhat (?:kind|type|sort) of (?:workout|training|exercise|session)\b.*\b(?:today|tomorrow|tonight)\b")]
    private static partial Regex Advice();

    [GeneratedRegex(@"\bwhat should i (?:train|do|ride|run|lift)\b.*\b(?:this|next|the) week\b|\b(?:my|the|this week'?s|next week'?s|a|weekly) (?:training |workout )?plan\b|\bplan (?:for|of) (?:today|tomorrow|the week|this week|next week|the next (?:few|seven|7) days)\b|\bwhat(?:'s| is) (?:planned|on the plan)\b|\bhow should i train (?:this|next) week\b")]
    private static partial Regex PlanWords();

    /// <summary>The plan day a question names: "0" today or tonight, "1" tomorrow, else null.</summary>
    private static string? PlanDay(string q) =>
        System.Text.RegularExpressions.Regex.IsMatch(q, @"\b(?:tomorrow|tmrw|tmr)\b") ? "1"
        : System.Text.RegularExpressions.Regex.IsMatch(q, @"\b(?:today|tonight|now|this morning|this evening)\b") ? "0"
        : null;

    [GeneratedRegex(@"\bnext (?:year|month|christmas|spring|summer|autumn|fall|winter|season|january|february|march|april|may|june|july|august|september|october|november|december)\b|\bin (?:\d+|a few|several|two|three|six) (?:weeks|months|years)\b|\bin (?:january|february|march|april|may|june|july|august|september|october|november|december) next year\b|\ball of next\b|\bnext (?:\d+|two|three|four) weeks\b")]
    private static partial Regex FarFuture();

    [GeneratedRegex(@"\b(?:latest|most recent|newest|last recorded|last reading|current)\b")]
    private static partial Regex LatestWords();

    /// <summary>Workouts named as things ("my runs", "strength classes", "cycling"), not a verb ("also run this").</summary>
    [GeneratedRegex(@"\b(?:my|the|a|on|during|in|of|for|after) (?:\w+ ){0,2}(?:runs?|rides?|swims?|walks?|hikes?|rows?|workouts?|class(?:es)?|sessions?)\b|\b(?:running|cycling|swimming|rowing|walking|hiking|strength|yoga|lifting|weightlifting)\b")]
    private static partial Regex WorkoutNoun();

    [GeneratedRegex(@"\b(?:sleep (?:need|needed|debt|performance|perf|consistency|latency|timing|regularity|stages?|disturbances?|onset|midpoint|balance|restfulness)|(?:hrv|temperature|recovery|activity|previous day|previous night) (?:balance|index|contributor)|body battery|stress (?:level|score)s?|(?:avg|average|mean|daily|overall) stress|training readiness|training status|(?:max|peak) (?:hr|heart ?rate) (?:of|on|in|during)|heart ?rate zones?|zone \d|cadence|resistance|pace|speed|elevation|class length|w/ ?[a-z]+|(?:with |w/ ?)?(?:cody|robin|ally|emma|matt|denis|jess|alex|ben|tunde|hannah|olivia|christine|leanne|kendall|sam|erik|jenn|camila|adrian|becs|chelsea|selena|susie|kristin|andy|rebecca|aditi|anna|callie|logan|mariana|marcel|joslyn|rad|jermaine)(?: [a-z]+)?|\d+ ?min(?:ute)? (?:rides?|runs?|classes?|workouts?|sessions?)|abort\w*|(?:ride|class|run) types?|kinds? of (?:ride|class|run)s?)\b")]
    private static partial Regex Modifier();

    /// <summary>A unit the question asks for: "convert my HRV to X", "my HRV in X please", "how many X is my HRV", "how many cups of coffee".</summary>
    [GeneratedRegex(@"\bconvert\w* (?:my |the )?[\w ]+? (?:to|into|in) (\w+)\b|\bhow many (\w+) (?:is|are|does|do) my\b|\b(?:in|into) (\w+) (?:pls|plz|please)$|\bhow many (cups|glasses|mugs|shots|bottles|pints|servings|drinks) of\b")]
    private static partial Regex UnitAsked();

    private static readonly HashSet<string> KnownUnits = new(StringComparer.Ordinal)
    {
        "ms", "milliseconds", "bpm", "beats", "hours", "hrs", "hour", "h", "minutes", "mins", "min", "seconds", "km", "kilometers", "kilometres", "miles", "mi",
        "kj", "kilojoules", "kcal", "calories", "percent", "percentage", "points", "steps", "days", "nights", "weeks", "months", "breaths", "workouts", "times",
        "rides", "runs", "sessions", "drinks",
    };

    [GeneratedRegex(@"\b(on|for) (\d{1,2})/(\d{1,2})\b(?!/)")]
    private static partial Regex ShortSlashDate();

    [GeneratedRegex(@"\b(?:workouts?|rides?|runs?|class(?:es)?|sessions?|swims?|hikes?|walks?|activit(?:y|ies))\b")]
    private static partial Regex WorkoutsNamed();

    /// <summary>A measure of one workout or of workouts as such ("strain of my most recent workout", "which workout had the highest strain").</summary>
    [GeneratedRegex(@"\b(?:of|during|in|for|from) (?:my|the|a|that|this|each|every) (?:\w+ ){0,2}(?:workouts?|sessions?|class(?:es)?|activit(?:y|ies))\b|\bwhich (?:workout|session|class|activity)\b|\bper (?:workout|session|class|activity)\b")]
    private static partial Regex OneWorkout();

    [GeneratedRegex(@"\b(?:per|each|every|by) (?:week)?day(?: of the week)?\b|\bday of the week\b")]
    private static partial Regex EachWeekday();

    [GeneratedRegex(@"\b(?:the )?(\d{1,2})(?:st|nd|rd|th)? of (jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)\b")]
    private static partial Regex DayOfMonth();

    [GeneratedRegex(@"\bwhy\b|\bwhat (?:dragged|pulled|brought|caused|made)\b|\bhow come\b|\bexplain (?:my|the|this) (?:low|high|bad|poor|great|good)\b")]
    private static partial Regex Why();

    [GeneratedRegex(@"\b(?:wks?|mnths?|mths?|yrs?|yday|yest)\b")]
    private static partial Regex Abbreviations();

    [GeneratedRegex(@"\b(\d+) ?d\b")]
    private static partial Regex DaysShort();

    /// <summary>"last ..." / "past ..." / "previous ..." followed by a word no date phrase took: a period Bio did not understand.</summary>
    [GeneratedRegex(@"\b(?:last|past|previous) (?!night\b|nite\b|time\b|one\b|reading\b|recorded\b|workout\b|ride\b|run\b|session\b|hike\b|walk\b|swim\b|class\b|bike\b|row\b|lift\b|\d)([a-z]+)\b")]
    private static partial Regex PeriodLike();

    [GeneratedRegex(@"%|\bper ?cent(?:age)?\b|\bfraction\b|\bproportion\b|\bshare of\b|\bhow often\b|\bwhat part of\b")]
    private static partial Regex Share();

    private static readonly HashSet<string> PeriodWords = new(StringComparer.Ordinal)
    {
        "week", "weeks", "month", "months", "year", "years", "day", "days", "night", "nights", "weekend", "weekends", "time", "few", "couple",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december", "morning", "evening", "summer", "winter", "spring", "autumn", "fall",
        "christmas", "season", "period", "quarter", "fortnight", "my", "of", "the", "and",
    };

    private static bool KnownPeriodWord(string word) => PeriodWords.Contains(word) || MetricVocabulary.Find(word).Count > 0;

    private static bool Incomplete(QuestionPlan fresh, string q) =>
        fresh.Intent == Intents.Cannot && fresh.Topic is null
        || fresh.RangeDefaulted && fresh.Intent is Intents.Aggregate or Intents.Value or Intents.ThresholdList or Intents.ThresholdCount or Intents.Trend or Intents.Group
           && !AsksOnItsOwn().IsMatch(q);

    /// <summary>
    /// A question that asks on its own ("what's my average HRV", "how many days...") is a new question: it takes
    /// no period from the one before (its own, or all the data). Only an elliptical one ("resting heart rate?")
    /// or one that starts as a follow-up ("and the week before?") carries the previous period on.
    /// </summary>
    [GeneratedRegex(@"\b(?:what|what's|whats|how|which|when|show|tell|give|list|is|was|were|did|do|does|have|has|average|avg|mean|median|total|sum|highest|lowest|max|min|maximum|minimum|count)\b")]
    private static partial Regex AsksOnItsOwn();

    private static QuestionPlan? FollowUp(string q, DateOnly today, DateOnly? dataTo, DateOnly? dataFrom, QuestionPlan previous)
    {
        var words = q.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!FollowUpStart().IsMatch(q) && words.Length > 5)
        {
            return null;
        }

        var plan = previous with { };
        var changed = false;
        if (Before().IsMatch(q) && previous.From is { } f && previous.To is { } t)
        {
            var earlier = new DateRange(f, t, previous.RangePhrase ?? "").Before();
            if (Comparison().IsMatch(q))
            {
                return previous with { Intent = Intents.Compare, From2 = earlier.From, To2 = earlier.To, RangePhrase2 = PeriodBefore(previous), GroupBy = null };
            }

            plan = plan with { From = earlier.From, To = earlier.To, RangePhrase = PeriodBefore(previous), RangeDefaulted = false };
            changed = true;
        }
        else if (DatePhrases.Parse(q, today) is { } range)
        {
            var (from, to, phrase, days, _) = Range(range, today, dataTo, dataFrom);
            plan = plan with { From = from, To = to, RangePhrase = phrase, RangeDefaulted = false, Days = range.Days == DayFilter.All && range.Phrase == DatePhrases.DaysOnly ? plan.Days : days };
            if (range.Phrase == DatePhrases.DaysOnly && previous.From is not null)
            {
                plan = plan with { From = previous.From, To = previous.To, RangePhrase = previous.RangePhrase, RangeDefaulted = previous.RangeDefaulted };
            }

            changed = true;
        }

        if (MetricVocabulary.Find(q) is [var metric, ..] && metric.Key != previous.Metric)
        {
            plan = plan with { Metric = metric.Key };
            if (plan.Intent is Intents.Status or Intents.Risk or Intents.HrvStatus or Intents.Anomalies or Intents.Forecast or Intents.Insights or Intents.WeeklySummary)
            {
                plan = plan with { Intent = Intents.Aggregate, Aggregate = "avg" };
            }

            changed = true;
        }

        if (MetricVocabulary.FindDiscipline(q) is { } discipline && discipline != previous.Discipline)
        {
            plan = plan with { Discipline = discipline };
            changed = true;
        }

        if (HowMany().IsMatch(q) && previous.Intent == Intents.ThresholdList)
        {
            plan = plan with { Intent = Intents.ThresholdCount };
            changed = true;
        }

        return changed ? plan with { Sql = null } : null;
    }

    private static string PeriodBefore(QuestionPlan previous) =>
        previous.RangePhrase switch
        {
            "last week" or "this week" => "the week before",
            "last month" or "this month" => "the month before",
            "last year" or "this year" => "the year before",
            _ => $"the {(previous.To!.Value.DayNumber - previous.From!.Value.DayNumber + 1).ToString(CultureInfo.InvariantCulture)} days before",
        };

    private static QuestionPlan? Compare(string q, DateOnly today, DateOnly? dataTo, DateOnly? dataFrom, QuestionPlan plan, MetricDef metric)
    {
        // "from june to july", "from the month before to last month": the first named period against the second, in that order.
        if (FromTo().Match(q) is { Success: true } fromTo)
        {
            var b = DatePhrases.Parse(fromTo.Groups["b"].Value, today) ?? DatePhrases.Parse("in " + fromTo.Groups["b"].Value, today);
            if (b is not null)
            {
                var (bf, bt, bp, days2, _) = Range(b, today, dataTo, dataFrom);
                var aText = fromTo.Groups["a"].Value;
                var a = Before().IsMatch(aText) ? new DateRange(bf, bt, bp).Before() : DatePhrases.Parse(aText, today) ?? DatePhrases.Parse("in " + aText, today);
                if (a is not null && (a.From, a.To) != (b.From, b.To))
                {
                    var (af, at, ap, _, _) = Range(a, today, dataTo, dataFrom);
                    var aPhrase = Before().IsMatch(aText) ? PeriodBefore(plan with { From = bf, To = bt, RangePhrase = bp }) : ap;
                    return plan with
                    {
                        Intent = Intents.Compare, From = af, To = at, RangePhrase = aPhrase, Days = days2, From2 = bf, To2 = bt, RangePhrase2 = bp,
                        Aggregate = Aggregate(q, metric), RangeDefaulted = false,
                    };
                }
            }
        }

        foreach (var separator in (string[])[" vs ", " vs. ", " versus ", " compared to ", " compared with ", " compare to ", " compare with ", " stack up against ", " stacks up against ", " than ", " with ", " against ", " to ", " and ", " or "])
        {
            var at = q.IndexOf(separator, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var left = DatePhrases.Parse(q[..at], today);
            var rightText = q[(at + separator.Length)..];
            if (left is null)
            {
                continue;
            }

            var (from, to, phrase, days, _) = Range(left, today, dataTo, dataFrom);
            DateRange? right = Before().IsMatch(rightText) ? new DateRange(from, to, phrase).Before()
                : DatePhrases.Parse(rightText, today) ?? DatePhrases.Parse("in " + rightText.TrimStart(), today);
            if (right is null || (right.From == left.From && right.To == left.To))
            {
                continue;
            }

            var (from2, to2, phrase2, _, _) = Range(right, today, dataTo, dataFrom);
            var beforePhrase = Before().IsMatch(rightText) ? PeriodBefore(plan with { From = from, To = to, RangePhrase = phrase }) : phrase2;
            return plan with
            {
                Intent = Intents.Compare, From = from, To = to, RangePhrase = phrase, Days = days, From2 = from2, To2 = to2, RangePhrase2 = beforePhrase,
                Aggregate = Aggregate(q, metric), RangeDefaulted = false,
            };
        }

        // "Compare my HRV this month" / "how does this week compare": against the period before.
        if (DatePhrases.Parse(q, today) is { } only && q.Contains("compar", StringComparison.Ordinal))
        {
            var (from, to, phrase, days, _) = Range(only, today, dataTo, dataFrom);
            var before = new DateRange(from, to, phrase).Before();
            return plan with
            {
                Intent = Intents.Compare, From = from, To = to, RangePhrase = phrase, Days = days, From2 = before.From, To2 = before.To,
                RangePhrase2 = PeriodBefore(plan with { From = from, To = to, RangePhrase = phrase }), Aggregate = Aggregate(q, metric), RangeDefaulted = false,
            };
        }

        return null;
    }

    private static string? GroupBy(string q, MetricDef metric)
    {
        if (DayOfWeek().IsMatch(q))
        {
            return "weekday";
        }

        if (ByMonth().IsMatch(q))
        {
            return "month";
        }

        if (ByWeek().IsMatch(q))
        {
            return "week";
        }

        if (!metric.PerWorkout)
        {
            return null;
        }

        return ByInstructor().IsMatch(q) ? "instructor" : LiveOrOnDemand().IsMatch(q) ? "live" : ByCategory().IsMatch(q) ? "discipline" : ByDiscipline().IsMatch(q) ? "activity" : null;
    }

    /// <summary>"view.column=value" for a count of days with one label, or null.</summary>
    private static string? LabelCount(string q)
    {
        if (Recommended().Match(q) is { Success: true } r)
        {
            return $"workout_recommendations.intensity={r.Groups[1].Value}{r.Groups[2].Value}";
        }

        if (EnergyLabel().Match(q) is { Success: true } e)
        {
            return $"energy_state.energy_state={e.Groups[1].Value}";
        }

        if (RangeLabel().Match(q) is { Success: true } h)
        {
            return $"hrv_status.status={(h.Groups[1].Value is "below" or "under" ? "below" : h.Groups[1].Value is "above" or "over" ? "above" : "within")}";
        }

        return null;
    }

    /// <summary>avg, max, min, sum, median or count; null when the question names none.</summary>
    private static string? Aggregate(string q, MetricDef metric)
    {
        if (Median().IsMatch(q))
        {
            return "median";
        }

        // "my highest avg watts", "when did I average the most watts": the average is the workout's own measure,
        // the question asks for its highest (and on which day).
        var askedDay = WhichDay().IsMatch(q) && (Highest().IsMatch(q) || Lowest().IsMatch(q));
        if (!askedDay && (Average().IsMatch(MeasureAverage().Replace(q, " ")) || Average().IsMatch(q) && !Highest().IsMatch(q) && !Lowest().IsMatch(q)))
        {
            return "avg";
        }

        if (Highest().IsMatch(q))
        {
            return "max";
        }

        if (Lowest().IsMatch(q))
        {
            return "min";
        }

        if (metric.Additive && (Total().IsMatch(q) || HowMany().IsMatch(q) || HowMuch().IsMatch(q)))
        {
            return metric.Key == "workouts" ? "count" : "sum";
        }

        // "Distance on the bike", "minutes of meditation ever": an amount of workouts adds up.
        return metric.Key == "workouts" ? "count" : metric.PerWorkout && metric.Additive ? "sum" : null;
    }

    /// <summary>A threshold on the metric ("below 70", "more than 8 hours", "at least 10k"), in the metric's unit.</summary>
    private static (string Op, double Value)? Threshold(string q, MetricDef metric)
    {
        if (ThresholdWords().Match(q) is not { Success: true } m)
        {
            return null;
        }

        var op = m.Groups["op"].Value switch
        {
            "<=" or "at most" or "no more than" or "or less" => "<=",
            ">=" or "at least" or "no less than" => ">=",
            var w when w.StartsWith('<') || w.Contains("below", StringComparison.Ordinal) || w.Contains("under", StringComparison.Ordinal) || w.Contains("less", StringComparison.Ordinal)
                       || w.Contains("lower", StringComparison.Ordinal) || w.Contains("fewer", StringComparison.Ordinal) || w.Contains("shorter", StringComparison.Ordinal) => "<",
            _ => ">",
        };
        var value = double.Parse(m.Groups["num"].Value, CultureInfo.InvariantCulture);
        var unit = m.Groups["unit"].Value;
        if (unit == "k")
        {
            value *= 1000;
        }
        else if (metric.Unit == "hours" && unit.StartsWith("min", StringComparison.Ordinal))
        {
            value /= 60;
        }
        else if (metric.Unit == "minutes" && (unit.StartsWith('h')))
        {
            value *= 60;
        }

        return (op, value);
    }

    private static (DateOnly From, DateOnly To, string Phrase, string Days, bool Defaulted) Range(DateRange? range, DateOnly today, DateOnly? dataTo, DateOnly? dataFrom)
    {
        var days = range?.Days switch { DayFilter.Weekends => "weekends", DayFilter.Weekdays => "weekdays", _ => "all" };
        if (range is null || range.Phrase == DatePhrases.DaysOnly)
        {
            // No period asked for: all of it, from the first day with data to the latest.
            var end = Latest(today, dataTo);
            return (dataFrom is { } first && first <= end ? first : end, end, AllData, days, range is null);
        }

        if (range.Phrase == DatePhrases.Recently && dataTo is { } end30 && end30 < range.To)
        {
            return (end30.AddDays(-29), end30, "the last 30 days of your data", days, false);
        }

        // "The last 7 days" before today's data has synced: the 7 whole days up to yesterday (the answer gives the dates).
        if (range.Rolling && range.To == today && dataTo is { } synced && synced < today)
        {
            return (range.From.AddDays(-1), today.AddDays(-1), range.Phrase, days, false);
        }

        if (range.Phrase is "last night" or "today" && dataTo is { } latest && latest < range.From)
        {
            // Nothing synced for today yet: the latest night or day there is, and the answer says which.
            return (latest, latest, range.Phrase == "last night" ? "your latest night with data" : "your latest day with data", days, false);
        }

        return (range.From, range.To, range.Phrase, days, false);
    }

    private static DateOnly Latest(DateOnly today, DateOnly? dataTo) => dataTo is { } d && d < today ? d : today;

    /// <summary>
    /// True when the message is SQL rather than a question: it starts with a statement keyword (after any
    /// comments), or with "sql:". Such messages go to the sandbox as they are, where the guard decides.
    /// </summary>
    public static bool LooksLikeSql(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = LeadingComments().Replace(message.Normalize(System.Text.NormalizationForm.FormKC), "").TrimStart().ToLowerInvariant();
        if (text.StartsWith("sql:", StringComparison.Ordinal) || text.StartsWith('(') && text.Contains("select", StringComparison.Ordinal))
        {
            return true;
        }

        return SqlStart().IsMatch(text);
    }

    [GeneratedRegex(@"^(?:\s*(?:--[^\n]*(?:\n|$)|/\*.*?\*/))+", RegexOptions.Singleline)]
    private static partial Regex LeadingComments();

    [GeneratedRegex(@"^(?:select|insert|update|delete|drop|create|alter|attach|detach|copy|install|pragma|call|export|import|vacuum|checkpoint|truncate|(?:describe|summarize|explain)(?!\s+(?:my|me|why|how|what|the|this|today|yesterday|last|it)\b)|begin|commit|rollback|grant|revoke|use|merge|upsert|replace into|force\s+install)\b|^(?:with\s+(?:recursive\s+)?\w+\s+as\s*\(|with\s+(?:recursive\s+)?\w+\s*\()|^(?:set|reset)\s+(?:global\s+|session\s+|local\s+)?[\w.]+\s*(?:=|to\b)|^load\s+['""\w]+\s*;?$|^show\s+(?:all\s+)?(?:tables|databases|\w+\s*;?$)|^from\s+\w+(?:\s+select\b|\s*;?$)|^values\s*\(|^table\s+\w+|^(?:un)?pivot\s+\w+")]
    private static partial Regex SqlStart();

    [GeneratedRegex(@"\b(?:diagnos\w*|covid\w*|corona ?virus|flu|influenza|infection|infected|disease|cancer|diabet\w*|afib|a-fib|atrial fibrillation|arrhythmi\w*|heart attack|heart condition|heart problem|heart failure|sleep apnea|apnoea|apnea|hypertension|blood pressure problem|pneumonia|depress\w*|anxiety disorder|long covid|fever|virus|medicat\w*|medicine|ibuprofen|paracetamol|aspirin|antibiotic\w*|prescri\w*|dosage|dose|pills?|supplements?|what('s| is) wrong with me|am i ill with|see a doctor|need a doctor|tachycardi\w*|bradycardi\w*|asthma\w*|insomnia|narcolepsy|copd|thyroid|anemi\w*|anaemi\w*|overtraining syndrome)\b")]
    private static partial Regex Diagnosis();

    [GeneratedRegex(@"\b(?:other users?|another user|users?\s+[\w-]*\d|person\s*\d+(?:'s)?|(?:user|athlete|member|client|patient)\s+[a-z][\w.-]*'s|every (?:user|one|body|athlete)|each user|user id|userid|user_id|someone else'?s?|other people'?s?|everyone|everybody|all users|my (?:wife|husband|partner|friend|son|daughter|coach|mom|dad|mother|father|brother|sister|boyfriend|girlfriend|cat|dog|kid|kids|baby|team|roommate|flatmate|housemate|teammate|colleague|coworker|neighbou?r|trainer|clients?)'?s?|other athletes?|the average person|compared to others|population|[a-z]+'s (?:hrv|sleep|data|readiness|heart))\b")]
    private static partial Regex OtherPeople();

    /// <summary>Possessives and contractions that are not another person's: "what's", "today's", "last week's", "WHOOP's".</summary>
    private static readonly HashSet<string> OwnPossessives = new(StringComparer.Ordinal)
    {
        "what", "who", "where", "when", "how", "why", "there", "here", "let", "one", "today", "yesterday", "tomorrow", "tonight", "night", "morning", "evening", "day", "week", "weekend", "month", "year", "it", "that", "this",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december", "bio", "oura", "whoop", "garmin", "peloton", "apple", "fitbit", "workout", "run", "ride",
    };

    [GeneratedRegex(@"\b([\w-]+)'s\b")]
    private static partial Regex Possessives();

    [GeneratedRegex(@"^(?:and|what about|how about|same (?:for|but|with)|and for|and on|and in|now|also|ok,? and|okay,? and|then|compare (?:that|it|this)|what was it|how many were there|how many of them|and how many|was it|how does (?:that|this|it) compare|how did (?:that|this|it) compare|is that|was that|compared? (?:to|with))\b")]
    private static partial Regex FollowUpStart();

    [GeneratedRegex(@"\b(?:the (?:week|month|year|period|day|days|weeks|months) before|before that|the previous (?:week|month|year|period)|the prior (?:week|month|year|period)|the one before|previous period|prior period|(?:the )?(?:previous|prior|preceding) (?:\d+|seven|fourteen|thirty)(?: days)?|the (?:\d+|seven|fourteen|thirty) (?:days )?(?:before|prior))\b")]
    private static partial Regex Before();

    [GeneratedRegex(@"\b(?:forecast\w*|predict\w*|tomorrow|will my (?:hrv|readiness)|expected hrv|recover(?:ed)? by|back to normal by|next (?:few )?days|next week'?s hrv|hrv next week|by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b")]
    private static partial Regex Forecast();

    [GeneratedRegex(@"\b(?:how (?:accurate|good|reliable|right|close|well|far off|off|wrong)\b.*\b(?:forecast|prediction)s?\b|(?:forecast|prediction)s?\b.*\b(?:accura\w*|errors?|reliab\w*|track record|been (?:right|wrong|off)|off by|how (?:good|well|close|often))|(?:can|should|do) i trust (?:the |my |your |bio'?s )?(?:hrv )?(?:forecast|prediction)s?|how well (?:do(?:es)?|did|can) (?:you|bio|it) (?:forecast|predict))")]
    private static partial Regex ForecastRecord();

    [GeneratedRegex(@"\bby (monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow)\b|\b(?:on|for) (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")]
    private static partial Regex TargetDay();

    [GeneratedRegex(@"\b(?:overtrain\w*|over-train\w*|overreach\w*|overdoing|over ?doing it|training too (?:much|hard)|burn(?:ing)? ?out|burnout|risk|too much training)\b")]
    private static partial Regex Overtraining();

    [GeneratedRegex(@"\b(?:weekly (?:summary|report|review)|how was my week|week in review|summar(?:y|ize|ise) (?:of )?(?:my |last |this |the )?week|my week)\b")]
    private static partial Regex WeeklySummary();

    [GeneratedRegex(@"\b(?:habits?|behaviou?rs?|lifestyle)\b")]
    private static partial Regex Habits();

    [GeneratedRegex(@"\b(?:affect\w*|effect\w*|impact\w*|influence\w*|change|lower|raise|hurt|help|after|vs|versus|compared|difference|relationship|correlat\w*|does|do)\b")]
    private static partial Regex Effect();

    [GeneratedRegex(@"\b(?:insights?|what affects|what drives|what influences|correlat\w*|relationship between|does sleep (?:affect|impact|influence|predict)|how does sleep (?:affect|impact|influence)|do hard (?:days|workouts) (?:affect|hurt|lower)|patterns?)\b")]
    private static partial Regex Insight();

    [GeneratedRegex(@"\b(?:best|which|what) (?:kind of |type of )?(?:workout|training|exercise|sport|discipline|activity)(?: type| kind)?s?\b.*\b(?:when|if|while|with|on days)\b \w|\bbest (?:workout|training|exercise|sport|discipline|activity)(?: type)?\b|\bworkout type\b.*\b(?:best|recover)")]
    private static partial Regex BestWorkoutType();

    [GeneratedRegex(@"\b(?:anomal\w*|unusual|abnormal|out of the ordinary|illness|ill|sick|sickness|getting sick|coming down with|signals?|alerts?|warnings?|red flags?|flags?|flagged|weird)\b")]
    private static partial Regex Anomaly();

    [GeneratedRegex(@"\b(?:hrv status|normal range|within (?:my )?(?:normal )?range|in range|baseline|below normal|above normal|hrv (?:normal|ok|okay|low|balanced)|is my hrv (?:normal|ok|okay|low|good|bad))\b")]
    private static partial Regex HrvStatusWords();

    [GeneratedRegex(@"\b(?:how ready|ready to (?:train|work out|go)|should i (?:train|work ?out|rest|run|ride|exercise|go hard|take it easy|do)|what should i (?:do|train)|recommend\w*|intensity|train today|work ?out today|rest day|train hard|go hard|energy|how am i(?: doing)?|my status|today'?s status|status today|how do i look)\b")]
    private static partial Regex StatusWords();

    [GeneratedRegex(@"\b(?:glucose|blood sugar|blood pressure|weight|bmi|body fat|vo2 ?max|vo2|calories eaten|food|diet|nutrition|macros|protein|water|hydration|weather|stock|price|cholesterol|ketones|menstrua\w*|period tracking|cycle day|ovulation|ecg|ekg|cortisol|testosterone|lactate|ftp|power zones?|height)\b")]
    private static partial Regex Unknown();

    [GeneratedRegex(@"\b(?:(rest|easy|moderate|hard) (?:days?|sessions?)\b.*\brecommend\w*|recommend\w*\b.*\b(rest|easy|moderate|hard)\b)")]
    private static partial Regex Recommended();

    [GeneratedRegex(@"\b(peak|high|moderate|low) energy\b")]
    private static partial Regex EnergyLabel();

    [GeneratedRegex(@"\b(below|under|above|over|within|inside|in) (?:my |the )?normal range\b")]
    private static partial Regex RangeLabel();

    [GeneratedRegex(@"\b(7|30|seven|thirty)[- ]day (?:rolling )?(?:average|mean|avg)\b")]
    private static partial Regex Rolling();

    [GeneratedRegex(@"\b(?:week over week|week-over-week|week on week|week-on-week|weekly trends?|from week to week|each week compared)\b")]
    private static partial Regex WeekOverWeekWords();

    [GeneratedRegex(@"\bsleep score (?:of|is|was|around|about|at) (\d{1,3})\b")]
    private static partial Regex SleepScoreOf();

    [GeneratedRegex(@"\breadiness\b.*\b(?:correlat\w*|relat\w*|link\w*|connect\w*)\b.*\b(?:performance|output)\b|\b(?:performance|output)\b.*\b(?:correlat\w*|relat\w*|link\w*)\b.*\breadiness\b")]
    private static partial Regex ReadinessPerformanceWords();

    [GeneratedRegex(@"\b(?:minutes|hours|time)\b.*\b(?:train\w*|exercis\w*|work(?:ed)? ?out|workouts?)\b|\b(?:train\w*|exercis\w*|workouts?)\b.*\b(?:minutes|hours|longer than|shorter than)\b")]
    private static partial Regex TrainingTime();

    [GeneratedRegex(@"\b(?:how many|how often|number of|count of|count the|count my)\b")]
    private static partial Regex HowMany();

    [GeneratedRegex(@"\bhow much\b")]
    private static partial Regex HowMuch();

    [GeneratedRegex(@"\b(?:total|in total|altogether|all together|combined|sum|add(?:s|ed)? up|added together)\b")]
    private static partial Regex Total();

    [GeneratedRegex(@"\b(?:average|avg|mean|typical|typically|usually|on average|normally)\b")]
    private static partial Regex Average();

    [GeneratedRegex(@"\b(?:avg|average|mean) (?:watts|power|hr|heart ?rate|output|speed|pace|cadence)\b")]
    private static partial Regex MeasureAverage();

    [GeneratedRegex(@"\b(?:last|latest|most recent|newest|previous) (?:\w+ )?(?:workout|ride|run|class|session|swim|walk|hike|row)(?!s)\b")]
    private static partial Regex LastWorkout();

    [GeneratedRegex(@"\b(?:minutes|mins|hours|time spent|sessions?|classes?|how long|workouts?)\b")]
    private static partial Regex WorkoutAmount();

    [GeneratedRegex(@"\b(?:minutes|mins|hours|how long|time spent)\b")]
    private static partial Regex Minutes();

    /// <summary>A device's own measure Bio does not keep, refused even with no measure of Bio's named beside it (not read as a journal topic).</summary>
    [GeneratedRegex(@"\b(?:body battery|stress (?:level|score)s?|(?:avg|average|mean|daily|overall) stress|training readiness|training status)\b")]
    private static partial Regex DeviceOnly();

    [GeneratedRegex(@"\b(?:when|what day|which day|what date|which date|on what day)\b")]
    private static partial Regex WhichDay();

    [GeneratedRegex(@"\bfrom (?<a>.+?) to (?<b>.+)$")]
    private static partial Regex FromTo();

    [GeneratedRegex(@"\b(?:of|in) (?:my |your |the )?(?:data|records?|history|export)\b")]
    private static partial Regex OfData();

    [GeneratedRegex(@"\blast month of (?:my|your|the) data\b")]
    private static partial Regex LastMonthOfData();

    [GeneratedRegex(@"\b(?:per|by|each|every|which|what) instructors?\b|\binstructors? (?:breakdown|counts?)\b|\bwho do i (?:ride|take|train|work out) with\b|\binstructors do i\b")]
    private static partial Regex ByInstructor();

    /// <summary>Bio's own discipline (running, cycling, ...) rather than the device's name for the workout type.</summary>
    [GeneratedRegex(@"\b(?:by|per|each|for each) (?:bio(?:'s)? )?(?:workout )?categor(?:y|ies)\b|\bbio(?:'s)? (?:own )?disciplines?\b")]
    private static partial Regex ByCategory();

    [GeneratedRegex(@"\blive\b.*\bon[- ]?demand\b|\bon[- ]?demand\b.*\blive\b")]
    private static partial Regex LiveOrOnDemand();

    [GeneratedRegex(@"\b(live|on[- ]?demand) (?:\w+ )?(?:rides?|classes?|workouts?|sessions?|runs?)\b")]
    private static partial Regex LiveFilter();

    [GeneratedRegex(@"\bmedian\b")]
    private static partial Regex Median();

    [GeneratedRegex(@"\b(?:highest|max|maximum|best|peak|most|longest|top|biggest|largest|record|pr|pb|personal (?:record|best))\b")]
    private static partial Regex Highest();

    [GeneratedRegex(@"\b(?:lowest|(?<!\d )min|minimum|worst|least|shortest|smallest)\b")]
    private static partial Regex Lowest();

    [GeneratedRegex(@"\b(?:longest|shortest)\b")]
    private static partial Regex Longest();

    [GeneratedRegex(@"\b(?:trend\w*|improv\w*|getting (?:better|worse)|going (?:up|down)|declin\w*|rising|falling|increasing|decreasing|over time)\b")]
    private static partial Regex Trend();

    [GeneratedRegex(@"\b(?:compar\w*|vs\.?|versus|than|difference between|differ\w*|better|worse|higher|lower|more|less|stack(?:s)? up|chang\w* from)\b")]
    private static partial Regex Comparison();

    [GeneratedRegex(@"\bweekends?\b.*\bweekdays?\b|\bweekdays?\b.*\bweekends?\b")]
    private static partial Regex WeekendsAndWeekdays();

    [GeneratedRegex(@"\b(?:day of (?:the )?week|days of (?:the )?week|which weekday|which day of|what (?:week)?day of|by weekday|per weekday|each day of the week|mon-sun|monday to sunday|monday-sunday|breakdown by day|each weekday|every weekday|weekday by weekday)\b")]
    private static partial Regex DayOfWeek();

    [GeneratedRegex(@"\b(?:which month|what month|by month|per month|each month|every month|month by month|monthly)\b")]
    private static partial Regex ByMonth();

    [GeneratedRegex(@"\b(?:which week|by week|per week|each week|every week|week by week|weekly)\b")]
    private static partial Regex ByWeek();

    [GeneratedRegex(@"\b(?:of each (?:type|kind|discipline|sport)|what disciplines|per activity(?: type)?|per workout type|by (?:fitness discipline|discipline|sport|type|workout type|activity type|activity)|per (?:discipline|sport|type)|each (?:discipline|sport|type)|which (?:discipline|sport|type|kind|workout)|what (?:kind|type|sport|discipline)s?|most common)\b")]
    private static partial Regex ByDiscipline();

    [GeneratedRegex(@"\b(?:list|show|what|which)\b.*\b(?:workouts?|sessions?|trainings?|activities|exercises?|rides|runs|swims|walks|hikes|rows)\b|\bworkouts? (?:did i|have i)\b|\bmy (?:last|latest|recent) workouts?\b")]
    private static partial Regex WorkoutList();

    [GeneratedRegex(@"(?<op>dropped below|fell below|went below|went above|went over|longer than|shorter than|less than|lower than|fewer than|more than|greater than|higher than|no more than|no less than|at most|at least|below|under|above|over|exceed(?:ed|s|ing)?|<=|>=|<|>)\s*(?<num>\d+(?:\.\d+)?)\s*(?<unit>k\b|hours?|hrs?|h\b|minutes?|mins?|ms|bpm|%|percent|points?)?")]
    private static partial Regex ThresholdWords();

    [GeneratedRegex(@"(\d),(\d{3})(?!\d)")]
    private static partial Regex Thousands();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
