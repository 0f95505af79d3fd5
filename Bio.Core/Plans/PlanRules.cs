using Bio.Core.Analytics;

namespace Bio.Core.Plans;

/// <summary>Settings of the plan's rules; each default is named with its source in <see cref="PlanRules"/>.</summary>
public sealed record PlanOptions(
    double RampCapPerWeek = 6, double FitnessFloor = 10, int MaxHardPerWeek = 2, int MaxDaysWithoutRest = 6,
    int IllRestDays = 2, int SoftenDays = 3, int LowEnergy = 2, int HighExertion = 8);

/// <summary>The state going into a day, as the rules and a policy see it.</summary>
public sealed record PlanState(
    double Fitness, double Fatigue, string HrvStatus, bool Ill, bool ReturningFromIllness, bool HardYesterday,
    int HardInLastSixDays, int DaysSinceRest, double FitnessGainThisPlan, string? SoftenedBecause, int DayOfPlan,
    Recommendation? Readiness = null)
{
    public double Form => Fitness - Fatigue;

    /// <summary>Form as a percentage of fitness (intervals.icu's bands), null while fitness is under the floor: tiny fitness makes the ratio noise.</summary>
    public double? FormPercent(double floor) => Fitness < floor ? null : Form / Fitness * 100;
}

/// <summary>Chooses a day's session before the safety rules (<see cref="PlanRules.Decide"/>) have their say.</summary>
public interface IPlanPolicy
{
    /// <summary>"rules" or "learned".</summary>
    string Name { get; }

    /// <summary>The session wanted and, in words, why.</summary>
    (string Session, string Rule, string Reason) Choose(PlanState state, PlanOptions options);
}

/// <summary>
/// The rule planner's choice: the form (TSB) band. Bands as a percentage of fitness (intervals.icu, after
/// Coggan's Performance Manager): below -30 % high risk (rest), -30 to -20 % deep in the productive zone
/// (easy), -20 to -10 % productive (moderate), from -10 % (grey zone, fresh, transition) room for a hard
/// session. While fitness is under the floor the ratio means nothing and the band is "building": moderate.
/// </summary>
public sealed class FormBandPolicy : IPlanPolicy
{
    public static readonly FormBandPolicy Instance = new();

    public string Name => "rules";

    public (string Session, string Rule, string Reason) Choose(PlanState state, PlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        if (state.FormPercent(options.FitnessFloor) is not { } pct)
        {
            return (Sessions.Moderate, PlanRules.FormBand, $"fitness {state.Fitness:0} is still low: building with moderate sessions");
        }

        return pct < -20 ? (Sessions.Easy, PlanRules.FormBand, $"form {pct:0} % of fitness (deep in the productive zone, -30 to -20 %): easy")
            : pct < -10 ? (Sessions.Moderate, PlanRules.FormBand, $"form {pct:0} % of fitness (productive zone, -20 to -10 %): moderate")
            : (Sessions.Hard, PlanRules.FormBand, $"form {pct:0} % of fitness (fresh enough, above -10 %): room for a hard session");
    }
}

/// <summary>
/// The rules that decide a plan day, in order; the first that fires sets the session, later ones may only
/// lower it, and the day records the last rule that changed it:
/// <list type="number">
/// <item><b>illness</b>: a sign of illness (Bio's illness signal: resting HR up with temperature or breathing
/// rate; or the journal's "felt ill") today or yesterday means rest for that day and the next
/// <see cref="PlanOptions.IllRestDays"/>, then one easy day.</item>
/// <item><b>form band</b>: form below -30 % of fitness (the high-risk band) is rest.</item>
/// <item><b>rest day</b>: after <see cref="PlanOptions.MaxDaysWithoutRest"/> days without one, rest.</item>
/// <item>the policy's choice (the rule planner: <see cref="FormBandPolicy"/>).</item>
/// <item><b>today's readiness</b>: on the plan's first day, when this morning's data is in, no harder than
/// the day's recommended training (<see cref="Analytics.Readiness.Recommend"/>: illness, yesterday's
/// high risk, HRV below range, energy), so Today's recommendation and the plan's today never disagree.</item>
/// <item><b>HRV-guided</b>: no hard session, easy at most, while the 7-day mean of ln rMSSD is below its
/// normal range (Kiviniemi et al. 2007; Vesterinen et al. 2016: low intensity when HRV is below the
/// smallest worthwhile change).</item>
/// <item><b>no two hard days in a row</b>: the day after a hard session is easy at most.</item>
/// <item><b>hard sessions a week</b>: at most <see cref="PlanOptions.MaxHardPerWeek"/> in any seven days
/// (the polarized model's ~80/20 split, Seiler 2010), else moderate at most.</item>
/// <item><b>ratings</b>: in the first <see cref="PlanOptions.SoftenDays"/> days of a plan, moderate at
/// most when the person rated energy <see cref="PlanOptions.LowEnergy"/> or lower, or effort
/// <see cref="PlanOptions.HighExertion"/> or higher, in the last three days.</item>
/// <item><b>fitness ramp</b>: fitness (CTL) may rise at most <see cref="PlanOptions.RampCapPerWeek"/> points
/// over the plan's week (5-8 a week is the sustainable ramp of the Performance Manager's guidance); a day
/// that would pass it is lowered until it does not.</item>
/// </list>
/// </summary>
public static class PlanRules
{
    public const string Illness = "illness";
    public const string FormBand = "form band";
    public const string RestDay = "rest day";
    public const string HrvGuided = "HRV-guided";
    public const string NoHardAfterHard = "no two hard days in a row";
    public const string HardPerWeek = "hard sessions a week";
    public const string Ratings = "ratings";
    public const string Ramp = "fitness ramp";
    public const string TodaysReadiness = "today's readiness";

    /// <summary>Fitness after one day of <paramref name="load"/> (the 42-day EWMA of <see cref="TrainingLoad"/>).</summary>
    public static double NextFitness(double fitness, double load, TrainingLoadOptions? settings = null) =>
        fitness + ((load - fitness) / (settings?.FitnessDays ?? 42));

    /// <summary>Fatigue after one day of <paramref name="load"/> (the 7-day EWMA of <see cref="TrainingLoad"/>).</summary>
    public static double NextFatigue(double fatigue, double load, TrainingLoadOptions? settings = null) =>
        fatigue + ((load - fatigue) / (settings?.FatigueDays ?? 7));

    /// <summary>The day's session, the rule that decided it and the reason.</summary>
    public static (string Session, string Rule, string Reason) Decide(PlanState s, IPlanPolicy policy, SessionLoads loads, PlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(loads);
        ArgumentNullException.ThrowIfNull(options);
        if (s.Ill)
        {
            return (Sessions.Rest, Illness, "a sign of illness in the last days: rest until it has passed");
        }

        if (s.FormPercent(options.FitnessFloor) is < -30 and var pct)
        {
            return (Sessions.Rest, FormBand, $"form {pct:0} % of fitness is in the high-risk band (below -30 %): rest");
        }

        if (s.DaysSinceRest >= options.MaxDaysWithoutRest)
        {
            return (Sessions.Rest, RestDay, $"{s.DaysSinceRest} days without a rest day: rest");
        }

        var (session, rule, reason) = policy.Choose(s, options);
        void AtMost(string cap, string why, string capRule)
        {
            if (Sessions.Rank(session) > Sessions.Rank(cap))
            {
                (session, rule, reason) = (cap, capRule, why);
            }
        }

        if (s.Readiness is { } today && Sessions.All.Contains(today.Intensity))
        {
            AtMost(today.Intensity, $"this morning's readiness: {today.Reason}", TodaysReadiness);
        }

        if (s.ReturningFromIllness)
        {
            AtMost(Sessions.Easy, "back from illness: one easy day first", Illness);
        }

        if (s.HrvStatus == HrvStatus.Below)
        {
            AtMost(Sessions.Easy, "your 7-day HRV is below its normal range: no hard session, easy at most, until it returns", HrvGuided);
        }

        if (s.HardYesterday)
        {
            AtMost(Sessions.Easy, "the day after a hard session is easy", NoHardAfterHard);
        }

        if (s.HardInLastSixDays >= options.MaxHardPerWeek)
        {
            AtMost(Sessions.Moderate, $"already {s.HardInLastSixDays} hard sessions in the last six days: at most {options.MaxHardPerWeek} a week", HardPerWeek);
        }

        if (s.SoftenedBecause is { } because && s.DayOfPlan < options.SoftenDays)
        {
            AtMost(Sessions.Moderate, $"{because}: no hard session for {options.SoftenDays} days", Ratings);
        }

        while (Sessions.Rank(session) > 0 && NextFitness(s.Fitness, loads.Of(session)) - s.Fitness + s.FitnessGainThisPlan > options.RampCapPerWeek)
        {
            var lower = Sessions.All[Sessions.Rank(session) - 1];
            (session, rule, reason) = (lower, Ramp,
                $"fitness has risen {s.FitnessGainThisPlan:0.0} points this week; {(session == Sessions.Easy ? "an" : "a")} {session} session would pass the cap of {options.RampCapPerWeek:0} a week");
        }

        return (session, rule, reason);
    }
}
