using Bio.Core.Plans;
using Bio.Core.Users;

namespace Bio.Silo.Users;

/// <summary>A person's plans: the week's plan (made again when the data or the day changed) and the issued plans against what was done.</summary>
public sealed partial class UserGrain
{
    private PlanStore Plans => ServiceProvider.GetRequiredService<PlanStore>();

    public Task<TrainingPlan> GetPlanAsync() => ExclusiveAsync(async () => await IssuePlanAsync(await ProfileAsync()));

    public Task<PlanHistory> GetPlanHistoryAsync() => ExclusiveAsync(async () =>
    {
        var profile = await ProfileAsync();
        await IssuePlanIfAnyAsync(profile); // today's plan is part of the history
        var issued = cache.IssuedPlans ??= await Plans.ReadAsync(Id);
        return PlanHistories.Build(issued, (await SnapshotAsync()).Analysis, Today(profile));
    });

    /// <summary>Issues today's plan when the person has recent data (inside the gate); without it the history is what was issued before.</summary>
    private async Task IssuePlanIfAnyAsync(UserProfile profile)
    {
        if (state.State.LakeVersion == 0)
        {
            return;
        }

        try
        {
            await IssuePlanAsync(profile);
        }
        catch (Bio.Core.Analytics.NoDataException)
        {
            // Nothing recent to plan from.
        }
    }

    /// <summary>
    /// The plan of the current lake version, today and body: made by <see cref="Planner"/> off the scheduler,
    /// appended to the issued plans when its days differ from the last one's. Runs inside the gate.
    /// </summary>
    private async Task<TrainingPlan> IssuePlanAsync(UserProfile profile)
    {
        var (version, today) = (state.State.LakeVersion, Today(profile));
        if (cache.Plan is { } c && c.Version == version && c.Today == today && c.Body == profile.Body)
        {
            return c.Plan;
        }

        var current = await SnapshotAsync();
        var silver = await SilverAsync();
        var now = time.GetUtcNow();
        var plan = await Task.Run(() => Planner.Build(current.Analysis, silver, today, now, version, profile.Body, PlanPolicies.Served));
        if (MealSuggestions.HasTargets(plan.Fuel) && await NarrateAsync((chat, ct) => MealSuggestions.WriteAsync(chat, plan.Fuel, ct)) is { } meals)
        {
            plan = plan with { Fuel = plan.Fuel with { Meals = meals } };
        }

        var issued = cache.IssuedPlans ??= await Plans.ReadAsync(Id);
        if (issued.Count > 0 && plan.SameDays(issued[^1]))
        {
            plan = plan with { IssuedAt = issued[^1].IssuedAt, LakeVersion = issued[^1].LakeVersion };
        }
        else
        {
            issued.Add(plan);
            await Plans.SaveAsync(Id, issued);
        }

        cache.Plan = (version, today, profile.Body, plan);
        return plan;
    }
}
