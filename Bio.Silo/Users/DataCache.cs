using Bio.Core.Analytics;
using Bio.Core.Forecasting;
using Bio.Core.Lake;
using Bio.Core.Query;

namespace Bio.Silo.Users;

/// <summary>
/// What a person's data grain holds in memory besides its state, all derived from the lake and reset in
/// one place: silver and its snapshot (tables and analytics) of one lake version, the SQL sandbox over that
/// snapshot, the forecasting registry, log and served model, and the latest day's status (which outlives
/// the rest when the grain is trimmed). Loads are shared tasks tagged with the version they read, so a read
/// and a long job that both need silver load it once, and a load of an older version is never kept.
/// </summary>
internal sealed class DataCache
{
    public (int Version, Task<Silver> Load)? Silver { get; set; }

    public (int Version, Task<LakeSnapshot> Load)? Snapshot { get; set; }

    public (LakeSnapshot Of, SqlSandbox Sandbox)? Sql { get; set; }

    public ModelRegistryState? Registry { get; set; }

    public List<ForecastLogRow>? ForecastLog { get; set; }

    /// <summary>The walk-forward forecast pass of a lake version (what is served, and why).</summary>
    public (int Version, WalkForwardRun Run)? ForecastRun { get; set; }

    public (int Version, DayStatus Status)? LatestStatus { get; set; }

    /// <summary>The issued plans (oldest first) and the plan served for a lake version, a day and a body.</summary>
    public List<Bio.Core.Plans.TrainingPlan>? IssuedPlans { get; set; }

    public (int Version, DateOnly Today, Bio.Core.Users.BodyProfile? Body, Bio.Core.Plans.TrainingPlan Plan)? Plan { get; set; }

    /// <summary>The loaded value of <paramref name="entry"/> when it is for <paramref name="version"/> and did not fail.</summary>
    public static Task<T>? Current<T>((int Version, Task<T> Load)? entry, int version) =>
        entry is { } e && e.Version == version && !e.Load.IsFaulted && !e.Load.IsCanceled ? e.Load : null;

    /// <summary>A long job's result becomes what readers see, in one step.</summary>
    public void Publish(int version, Silver silver, LakeSnapshot snapshot)
    {
        Silver = (version, Task.FromResult(silver));
        Snapshot = (version, Task.FromResult(snapshot));
    }

    /// <summary>Lets go of the lake's data and the forecasting state; the latest status stays unless <paramref name="all"/>.</summary>
    public void Reset(bool all = false)
    {
        Sql?.Sandbox.Dispose();
        (Silver, Snapshot, Sql, Registry, ForecastLog, ForecastRun) = (null, null, null, null, null, null);
        (IssuedPlans, Plan) = (null, null);
        if (all)
        {
            LatestStatus = null;
        }
    }
}
