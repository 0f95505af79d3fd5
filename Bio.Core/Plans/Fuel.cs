using Bio.Core.Analytics;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Users;

namespace Bio.Core.Plans;

/// <summary>
/// Fuel for the first three days of a plan, each day's targets with its rule:
/// <list type="bullet">
/// <item>energy = resting energy + everyday active energy + the planned session's energy. Resting energy by
/// Mifflin-St Jeor (Mifflin et al. 1990): 10 · kg + 6.25 · cm - 5 · age + 5 (male) or - 161 (female), age
/// in years reached this calendar year. Everyday active energy is measured: the median of the device's
/// active energy on the person's days without a workout in the last 28 (at least 5). The session's energy
/// is the person's own: the median kcal a minute of their workouts of that discipline with calories in the
/// last 90 days (at least 3) times the minutes; otherwise (MET - 1) · kg · hours with METs of 5, 7 and 10
/// for easy, moderate and hard (the Compendium of Physical Activities, Ainsworth et al. 2011).</item>
/// <item>carbohydrate by the day's planned load (Thomas, Erdman and Burke 2016, the ACSM, Academy of
/// Nutrition and Dietetics and Dietitians of Canada joint position): light (rest or an easy session)
/// 3-5 g/kg, moderate (about an hour a day) 5-7 g/kg, high (a hard session) 6-10 g/kg.</item>
/// <item>protein 1.2-2.0 g/kg a day (the same position stand).</item>
/// </list>
/// A part that needs a value the person has not given is left out and <see cref="FuelPlan.Needs"/> says
/// which; Bio never assumes a weight, a height, an age or a sex.
/// </summary>
public static class Fuel
{
    public const int Days = 3;

    public static readonly IReadOnlyList<string> Sources =
    [
        "Thomas DT, Erdman KA, Burke LM. Nutrition and Athletic Performance (ACSM, Academy of Nutrition and Dietetics, Dietitians of Canada joint position). Med Sci Sports Exerc 2016;48(3):543-568.",
        "Mifflin MD, St Jeor ST, et al. A new predictive equation for resting energy expenditure in healthy individuals. Am J Clin Nutr 1990;51(2):241-247.",
        "Ainsworth BE, et al. 2011 Compendium of Physical Activities. Med Sci Sports Exerc 2011;43(8):1575-1581.",
    ];

    private static readonly Dictionary<string, double> Met = new(StringComparer.Ordinal)
    {
        [Sessions.Easy] = 5, [Sessions.Moderate] = 7, [Sessions.Hard] = 10,
    };

    /// <summary>Carbohydrate g/kg for a day's planned session, with the name of the band.</summary>
    public static (double Min, double Max, string Band) Carbohydrate(string session) => session switch
    {
        Sessions.Hard => (6, 10, "high load: 6-10 g/kg"),
        Sessions.Moderate => (5, 7, "moderate load (about an hour): 5-7 g/kg"),
        _ => (3, 5, "light load (rest or easy): 3-5 g/kg"),
    };

    public const double ProteinMin = 1.2;
    public const double ProteinMax = 2.0;

    /// <summary>Mifflin-St Jeor resting energy (kcal a day).</summary>
    public static double Resting(double weightKg, double heightCm, int age, string sex) =>
        (10 * weightKg) + (6.25 * heightCm) - (5 * age) + (sex == "male" ? 5 : -161);

    public static FuelPlan Plan(IReadOnlyList<PlanDay> days, BodyProfile? body, Silver silver, AnalysisResult analysis, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(silver);
        ArgumentNullException.ThrowIfNull(analysis);
        body ??= BodyProfile.Empty;
        var needs = new List<string>();
        if (body.WeightKg is null)
        {
            needs.Add("your weight (kg), for the carbohydrate and protein targets and the resting energy");
        }

        var missingForResting = new List<string>();
        if (body.HeightCm is null) missingForResting.Add("height (cm)");
        if (body.BirthYear is null) missingForResting.Add("birth year");
        if (body.Sex is null) missingForResting.Add("sex (female or male)");
        if (missingForResting.Count > 0)
        {
            needs.Add($"your {string.Join(", ", missingForResting)}, for the resting energy (Mifflin-St Jeor)");
        }

        double? resting = body is { WeightKg: { } w, HeightCm: { } h, BirthYear: { } y, Sex: { } sex }
            ? Resting(w, h, today.Year - y, sex)
            : null;
        var everyday = EverydayActive(silver, analysis.Series, today);
        if (everyday is null)
        {
            needs.Add("measured active energy on at least 5 days without a workout in the last 28 (a device that records it), for the everyday part of the energy");
        }

        var result = new List<FuelDay>(Days);
        foreach (var day in days.Take(Days))
        {
            var (cmin, cmax, band) = Carbohydrate(day.Session);
            var session = SessionKcal(day, analysis.Series, body.WeightKg, today, out var sessionRule);
            int? energy = resting is { } r && everyday is { } e && session is { } s ? (int)Math.Round(r + e + s) : null;
            var kg = body.WeightKg;
            var rule = $"{day.Session}: carbohydrate {band}; protein {ProteinMin:0.0}-{ProteinMax:0.0} g/kg" +
                       (energy is null ? "" : $"; energy = resting {resting:0} + everyday active {everyday:0} + session {session:0} kcal") +
                       (session is > 0 ? $"; session energy from {sessionRule}" : "");
            result.Add(new FuelDay(day.Date, day.Session, energy, Round(resting), Round(everyday), Round(session),
                Round(kg * cmin), Round(kg * cmax), cmin, cmax, Round(kg * ProteinMin), Round(kg * ProteinMax), rule));
        }

        if (result.Any(d => d.Session != Sessions.Rest && d.SessionKcal is null) && body.WeightKg is not null)
        {
            needs.Add("workouts with calories, for the sessions' energy");
        }

        return new FuelPlan(result, needs, Sources);
    }

    private static int? Round(double? value) => value is { } v ? (int)Math.Round(v) : null;

    /// <summary>The median measured active energy of the days without a workout in the 28 before today (at least 5), or null.</summary>
    private static double? EverydayActive(Silver silver, DaySeries series, DateOnly today)
    {
        var workoutDays = series.Workouts.Select(w => w.LocalDate).ToHashSet();
        var values = new List<double>();
        for (var d = today.AddDays(-28); d < today; d = d.AddDays(1))
        {
            if (!workoutDays.Contains(d) && silver.Daily.TryGetValue((d, Metric.ActiveKcal), out var cell))
            {
                values.Add(cell.Value);
            }
        }

        return values.Count >= 5 ? Stats.Median(values) : null;
    }

    /// <summary>The session's energy: the person's own kcal a minute of that discipline, else METs with their weight; 0 on rest; null when neither.</summary>
    private static double? SessionKcal(PlanDay day, DaySeries series, double? weightKg, DateOnly today, out string rule)
    {
        rule = "no session";
        if (day.Session == Sessions.Rest || day.DurationMinutes == 0)
        {
            return 0;
        }

        var own = series.Workouts
            .Where(w => w.LocalDate >= today.AddDays(-Planner.HistoryDays) && w.LocalDate < today && w.Discipline == day.Discipline && w.Kcal is > 0 && w.DurationMinutes >= 10)
            .Select(w => w.Kcal!.Value / w.DurationMinutes)
            .ToList();
        if (own.Count >= 3)
        {
            var perMinute = Stats.Median(own);
            rule = $"your own {day.Discipline} workouts: {perMinute:0.0} kcal a minute x {day.DurationMinutes} min";
            return perMinute * day.DurationMinutes;
        }

        if (weightKg is { } kg)
        {
            var met = Met[day.Session];
            rule = $"{met:0} METs ({day.Session}) - 1 x {kg:0} kg x {day.DurationMinutes} min";
            return (met - 1) * kg * day.DurationMinutes / 60;
        }

        return null;
    }
}
