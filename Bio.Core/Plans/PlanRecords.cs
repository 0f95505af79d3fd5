namespace Bio.Core.Plans;

/// <summary>The four sessions a plan day can hold, from none to the hardest.</summary>
public static class Sessions
{
    public const string Rest = "rest";
    public const string Easy = "easy";
    public const string Moderate = "moderate";
    public const string Hard = "hard";

    /// <summary>Rest, easy, moderate, hard: the order of intensity (index = rank).</summary>
    public static readonly IReadOnlyList<string> All = [Rest, Easy, Moderate, Hard];

    public static int Rank(string session) => session switch
    {
        Rest => 0,
        Easy => 1,
        Moderate => 2,
        Hard => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(session), session, "not a session"),
    };
}

/// <summary>What a plan day was decided from: the state going into the day, projected through the plan's earlier days.</summary>
[GenerateSerializer, Immutable, Alias("bio.PlanDayInputs")]
public sealed record PlanDayInputs(
    [property: Id(0)] double Fitness,
    [property: Id(1)] double Fatigue,
    [property: Id(2)] double Form,
    [property: Id(3)] double? FormPercent,
    [property: Id(4)] string HrvStatus,
    [property: Id(5)] bool Ill,
    [property: Id(6)] bool HardYesterday,
    [property: Id(7)] int HardInLastSixDays,
    [property: Id(8)] int DaysSinceRest,
    [property: Id(9)] double FitnessGainThisPlan);

/// <summary>
/// One day of a plan: the session, the discipline (the person's own), its duration and target load (in the
/// person's training-load units), the rule that decided it (<see cref="PlanRules"/>) and the reason in words.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.PlanDay")]
public sealed record PlanDay(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] string Session,
    [property: Id(2)] string? Discipline,
    [property: Id(3)] int DurationMinutes,
    [property: Id(4)] double TargetLoad,
    [property: Id(5)] string Rule,
    [property: Id(6)] string Reason,
    [property: Id(7)] PlanDayInputs Inputs);

/// <summary>The target load of each session and where the numbers came from.</summary>
[GenerateSerializer, Immutable, Alias("bio.SessionLoads")]
public sealed record SessionLoads(
    [property: Id(0)] double Easy,
    [property: Id(1)] double Moderate,
    [property: Id(2)] double Hard,
    [property: Id(3)] string Basis)
{
    public double Of(string session) => session switch
    {
        Sessions.Easy => Easy,
        Sessions.Moderate => Moderate,
        Sessions.Hard => Hard,
        _ => 0,
    };

    /// <summary>
    /// The session a day's done load amounts to: the nearest of the targets, halfway between two; below half
    /// the easy target it is rest. The one classification of done days (yesterday's hard day, adherence).
    /// </summary>
    public string Classify(double load) =>
        load < Easy / 2 ? Sessions.Rest
        : load < (Easy + Moderate) / 2 ? Sessions.Easy
        : load < (Moderate + Hard) / 2 ? Sessions.Moderate
        : Sessions.Hard;
}

/// <summary>A day's fuel: energy and carbohydrate and protein targets with the rule shown; what is missing when it cannot say.</summary>
[GenerateSerializer, Immutable, Alias("bio.FuelDay")]
public sealed record FuelDay(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] string Session,
    [property: Id(2)] int? EnergyKcal,
    [property: Id(3)] int? RestingKcal,
    [property: Id(4)] int? EverydayActiveKcal,
    [property: Id(5)] int? SessionKcal,
    [property: Id(6)] int? CarbohydrateMinG,
    [property: Id(7)] int? CarbohydrateMaxG,
    [property: Id(8)] double CarbohydrateMinGPerKg,
    [property: Id(9)] double CarbohydrateMaxGPerKg,
    [property: Id(10)] int? ProteinMinG,
    [property: Id(11)] int? ProteinMaxG,
    [property: Id(12)] string Rule);

/// <summary>Three days of fuel targets, the sources of the rules, and what Bio needs for the parts it cannot give.</summary>
[GenerateSerializer, Immutable, Alias("bio.FuelPlan")]
public sealed record FuelPlan(
    [property: Id(0)] IReadOnlyList<FuelDay> Days,
    [property: Id(1)] IReadOnlyList<string> Needs,
    [property: Id(2)] IReadOnlyList<string> Sources)
{
    /// <summary>
    /// Meal ideas for the three days from a configured chat model (<see cref="MealSuggestions"/>), or null: offline,
    /// without gram targets, or when the model's text used a number it was not given.
    /// </summary>
    [Id(3)]
    public string? Meals { get; init; }
}

/// <summary>
/// A person's plan for the seven days from <see cref="From"/> (their today), as issued: the policy that chose
/// the sessions ("rules" or "learned"), the days, the session loads, notes on what the plan assumed, and
/// three days of fuel. <see cref="LakeVersion"/> is the data it was made from.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.TrainingPlan")]
public sealed record TrainingPlan(
    [property: Id(0)] DateOnly From,
    [property: Id(1)] DateTimeOffset IssuedAt,
    [property: Id(2)] int LakeVersion,
    [property: Id(3)] string Policy,
    [property: Id(4)] IReadOnlyList<PlanDay> Days,
    [property: Id(5)] SessionLoads Loads,
    [property: Id(6)] IReadOnlyList<string> Notes,
    [property: Id(7)] FuelPlan Fuel)
{
    /// <summary>True when the days (sessions, disciplines, durations, loads and rules) are the same as <paramref name="other"/>'s.</summary>
    public bool SameDays(TrainingPlan? other) =>
        other is not null && other.From == From && other.Days.Count == Days.Count &&
        Days.Zip(other.Days).All(p => p.First.Date == p.Second.Date && p.First.Session == p.Second.Session &&
            p.First.Discipline == p.Second.Discipline && p.First.DurationMinutes == p.Second.DurationMinutes &&
            Math.Abs(p.First.TargetLoad - p.Second.TargetLoad) < 0.5 && p.First.Rule == p.Second.Rule);
}

/// <summary>A past day: what the plan in force that day said, and what was done.</summary>
[GenerateSerializer, Immutable, Alias("bio.PlannedVsDone")]
public sealed record PlannedVsDone(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] string Planned,
    [property: Id(2)] double PlannedLoad,
    [property: Id(3)] string? PlannedDiscipline,
    [property: Id(4)] DateTimeOffset PlanIssuedAt,
    [property: Id(5)] string Done,
    [property: Id(6)] double DoneLoad,
    [property: Id(7)] IReadOnlyList<string> DoneDisciplines,
    [property: Id(8)] bool Kept);

/// <summary>One ISO week's adherence: days with a plan and a known outcome, how many were kept, and the loads.</summary>
[GenerateSerializer, Immutable, Alias("bio.PlanWeek")]
public sealed record PlanWeek(
    [property: Id(0)] DateOnly Monday,
    [property: Id(1)] int DaysPlanned,
    [property: Id(2)] int DaysKept,
    [property: Id(3)] double AdherencePercent,
    [property: Id(4)] double PlannedLoad,
    [property: Id(5)] double DoneLoad);

/// <summary>Every issued plan (newest first), each past day planned against done, and adherence per week.</summary>
[GenerateSerializer, Immutable, Alias("bio.PlanHistory")]
public sealed record PlanHistory(
    [property: Id(0)] IReadOnlyList<TrainingPlan> Issued,
    [property: Id(1)] IReadOnlyList<PlannedVsDone> Days,
    [property: Id(2)] IReadOnlyList<PlanWeek> Weeks,
    [property: Id(3)] string Rule);
