using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bio.FakeClouds;

/// <summary>
/// Oura's cloud (FORMATS.md §1c, cloud.ouraring.com/v2/docs): OAuth at <c>/oauth/authorize</c>,
/// <c>/oauth/token</c> and <c>/oauth/revoke</c>, and the v2 collections under
/// <c>/v2/usercollection/{type}?start_date=&amp;end_date=&amp;next_token=</c> as pages
/// <c>{"data":[…],"next_token":…}</c> of ten. It holds each night's <c>long_sleep</c> period (HRV as a
/// whole number of ms, its readiness with the eight contributors) and the day's <c>daily_readiness</c>;
/// the other collections are empty, as for a person without them.
/// </summary>
public sealed class FakeOura : FakeCloud
{
    private const int PageSize = 10;

    protected override string Section => "Oura";

    protected override string AuthorizePath => "/oauth/authorize";

    protected override string TokenPath => "/oauth/token";

    protected override string ApiPath => "";

    public static Task<FakeOura> StartAsync() => StartAsync(new FakeOura());

    public override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Bio:Sync:Oura:RevokeUrl"] = BaseUrl + "/oauth/revoke";
        return settings;
    }

    /// <summary>The night's HRV as Oura gives it: a whole number of ms.</summary>
    public int OuraHrv(DateOnly day) => (int)Math.Round(Hrv(day, Revision(day)), MidpointRounding.AwayFromZero);

    public int Readiness(DateOnly day) => Recovery(day, Revision(day));

    protected override void MapData(WebApplication app)
    {
        app.MapPost("/oauth/revoke", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            var known = RevokeToken(form["token"].ToString());
            Record("/oauth/revoke", known ? 200 : 400);
            return known ? Results.Ok() : Results.BadRequest();
        });

        app.MapGet("/v2/usercollection/{collection}", (HttpContext http, string collection) =>
        {
            var path = "/v2/usercollection/" + collection;
            if (Fault(http, path, collection) is { } fault)
            {
                return fault;
            }

            var q = http.Request.Query;
            if (!DateOnly.TryParseExact(q["start_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start) ||
                !DateOnly.TryParseExact(q["end_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            {
                Record(path, 400);
                return Results.BadRequest("start_date and end_date are yyyy-MM-dd");
            }

            var records = Days.Where(d => d >= start && d <= end).Order().Select(d => Item(collection, d)).Where(r => r is not null).ToList();
            var offset = int.TryParse(q["next_token"], CultureInfo.InvariantCulture, out var o) ? o : 0;
            var next = offset + PageSize < records.Count ? (offset + PageSize).ToString(CultureInfo.InvariantCulture) : null;
            Record(path, 200);
            return Results.Json(new Dictionary<string, object?> { ["data"] = records.Skip(offset).Take(PageSize).ToList(), ["next_token"] = next });
        });
    }

    private object? Item(string collection, DateOnly day)
    {
        var end = new DateTimeOffset(day.ToDateTime(new TimeOnly(6, 40)), TimeSpan.FromHours(2));
        var start = end.AddHours(-8);
        string T(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        var contributors = new
        {
            activity_balance = 80, body_temperature = 96, hrv_balance = 70 + day.DayNumber % 20, previous_day_activity = 75, previous_night = 82,
            recovery_index = 100, resting_heart_rate = 90, sleep_balance = 84,
        };
        return collection switch
        {
            "sleep" => new
            {
                id = $"00000000-0000-4000-9000-{day.DayNumber:D12}", average_breath = 14.6, average_heart_rate = 55.1, average_hrv = OuraHrv(day), awake_time = 2400,
                bedtime_end = T(end), bedtime_start = T(start), day = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), deep_sleep_duration = 5400, efficiency = 90,
                latency = 600, light_sleep_duration = 14_400, low_battery_alert = false, lowest_heart_rate = 48, period = 0,
                readiness = new { contributors, score = Readiness(day), temperature_deviation = 0.12, temperature_trend_deviation = 0.05 },
                readiness_score_delta = 0, rem_sleep_duration = 6600, restless_periods = 210, sleep_score_delta = 0, sleep_algorithm_version = "v2",
                time_in_bed = 28_800, total_sleep_duration = 26_400, type = "long_sleep",
            },
            "daily_readiness" => new
            {
                id = $"00000000-0000-4000-a000-{day.DayNumber:D12}", contributors, day = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), score = Readiness(day),
                temperature_deviation = 0.12, temperature_trend_deviation = 0.05, timestamp = T(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(2))),
            },
            _ => null,
        };
    }
}
