using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bio.FakeClouds;

/// <summary>
/// WHOOP's cloud (FORMATS.md §2b, developer.whoop.com): OAuth at <c>/oauth/oauth2/auth</c> and
/// <c>/oauth/oauth2/token</c> (the <c>offline</c> scope required), the v2 collections <c>cycle</c>,
/// <c>recovery</c>, <c>activity/sleep</c> and <c>activity/workout</c> paged newest first by <c>limit</c> (at
/// most 25) and <c>nextToken</c>, and <c>DELETE /v2/user/access</c>, which ends the app's access.
/// </summary>
public sealed class FakeWhoop : FakeCloud
{
    protected override string Section => "Whoop";

    protected override string AuthorizePath => "/oauth/oauth2/auth";

    protected override string TokenPath => "/oauth/oauth2/token";

    protected override string ApiPath => "/developer";

    protected override string? RequiredScope => "offline";

    public static Task<FakeWhoop> StartAsync() => StartAsync(new FakeWhoop());

    protected override void MapData(WebApplication app)
    {
        app.MapDelete("/developer/v2/user/access", (HttpContext http) =>
        {
            var token = http.Request.Headers.Authorization.ToString() is var b && b.StartsWith("Bearer ", StringComparison.Ordinal) ? b["Bearer ".Length..] : "";
            var known = RevokeToken(token);
            Record("/developer/v2/user/access", known ? 204 : 401);
            return known ? Results.NoContent() : Results.StatusCode(401);
        });

        app.MapGet("/developer/v2/{**collection}", async (HttpContext http, string collection) =>
        {
            await HoldAsync();
            var path = "/developer/v2/" + collection;
            if (Fault(http, path, collection) is { } fault)
            {
                return fault;
            }

            var q = http.Request.Query;
            var limit = int.TryParse(q["limit"], CultureInfo.InvariantCulture, out var l) ? l : 10;
            if (limit is < 1 or > 25 || !DateTimeOffset.TryParse(q["start"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start) ||
                !DateTimeOffset.TryParse(q["end"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var end))
            {
                Record(path, 400);
                return Results.BadRequest("limit must be 1-25, start and end ISO times");
            }

            // Newest first, as WHOOP pages them; the next token is the offset of the next page.
            var records = Days.Where(d => Wake(d) >= start && Wake(d) < end).OrderByDescending(d => d).Select(d => Record(collection, d)).Where(r => r is not null).ToList();
            var offset = int.TryParse(q["nextToken"], CultureInfo.InvariantCulture, out var o) ? o : 0;
            var page = records.Skip(offset).Take(limit).ToList();
            var next = offset + limit < records.Count ? (offset + limit).ToString(CultureInfo.InvariantCulture) : null;
            Record(path, 200);
            return Results.Json(new Dictionary<string, object?> { ["records"] = page, ["next_token"] = next });
        });
    }

    /// <summary>The night ends at 06:30 UTC on its wake-up day.</summary>
    private static DateTimeOffset Wake(DateOnly day) => new(day.ToDateTime(new TimeOnly(6, 30)), TimeSpan.Zero);

    private object? Record(string collection, DateOnly day)
    {
        var revision = Revision(day);
        var wake = Wake(day);
        var onset = wake.AddHours(-7.5);
        var cycleId = 90000 + day.DayNumber % 10000;
        var sleepId = $"00000000-0000-4000-8000-{day.DayNumber:D12}";
        string T(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return collection switch
        {
            "recovery" => new
            {
                cycle_id = cycleId, sleep_id = sleepId, user_id = 10129, created_at = T(wake.AddMinutes(20)), updated_at = T(wake.AddMinutes(20 + revision)),
                score_state = "SCORED",
                score = new { user_calibrating = false, recovery_score = Recovery(day, revision), resting_heart_rate = 52 + day.DayNumber % 5, hrv_rmssd_milli = Hrv(day, revision), spo2_percentage = 96.1, skin_temp_celsius = 33.52 },
            },
            "activity/sleep" => new
            {
                id = sleepId, cycle_id = cycleId, v1_id = (object?)null, user_id = 10129, created_at = T(wake.AddMinutes(15)), updated_at = T(wake.AddMinutes(15)),
                start = T(onset), end = T(wake), timezone_offset = "+00:00", nap = false, score_state = "SCORED",
                score = new
                {
                    stage_summary = new
                    {
                        total_in_bed_time_milli = 27_000_000, total_awake_time_milli = 2_400_000, total_no_data_time_milli = 0, total_light_sleep_time_milli = 12_600_000,
                        total_slow_wave_sleep_time_milli = 5_400_000, total_rem_sleep_time_milli = 6_600_000, sleep_cycle_count = 4, disturbance_count = 11,
                    },
                    sleep_needed = new { baseline_milli = 28_800_000, need_from_sleep_debt_milli = 900_000, need_from_recent_strain_milli = 300_000, need_from_recent_nap_milli = 0 },
                    respiratory_rate = 15.4, sleep_performance_percentage = 86, sleep_consistency_percentage = 74, sleep_efficiency_percentage = 91.1,
                },
            },
            "cycle" => new
            {
                id = cycleId, user_id = 10129, created_at = T(onset), updated_at = T(wake.AddHours(17)), start = T(onset), end = T(onset.AddDays(1)), timezone_offset = "+00:00",
                score_state = "SCORED", score = new { strain = 9.8 + day.DayNumber % 4, kilojoule = 9_500.0, average_heart_rate = 64, max_heart_rate = 151 },
            },
            "activity/workout" => day.DayNumber % 3 == 0 ? null : new
            {
                id = $"10000000-0000-4000-8000-{day.DayNumber:D12}", v1_id = (object?)null, user_id = 10129, created_at = T(wake.AddHours(10)), updated_at = T(wake.AddHours(10)),
                start = T(wake.AddHours(9)), end = T(wake.AddHours(9).AddMinutes(45)), timezone_offset = "+00:00", sport_name = "running", sport_id = 0, score_state = "SCORED",
                score = new
                {
                    strain = 11.2, average_heart_rate = 148, max_heart_rate = 171, kilojoule = 2_100.0, percent_recorded = 100.0, distance_meter = 8_200.0, altitude_gain_meter = 40.0, altitude_change_meter = 2.0,
                    zone_durations = new { zone_zero_milli = 0, zone_one_milli = 300_000, zone_two_milli = 900_000, zone_three_milli = 1_200_000, zone_four_milli = 300_000, zone_five_milli = 0 },
                },
            },
            _ => null,
        };
    }

}
