using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bio.Core.Reports;
using Bio.Core.Users;
using Bio.Tests.Api;
using Bio.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bio.Tests.Calendar;

/// <summary>
/// What depends on "today", lived through at every date of <see cref="CalendarDates"/> on a real silo and
/// the API, with the people's clock set there: synthetic days end yesterday in the person's own time
/// zone, a journal entry without a date is the local today's (tomorrow is refused), the Monday
/// reminder writes the week that ended on the local Sunday before and aims at the next local Monday
/// 07:00, and tomorrow's forecast is scored when that morning's HRV arrives a day later.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CalendarTests(ApiFixture api)
{
    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(CalendarDates.All), MemberType = typeof(CalendarDates))]
    public async Task TodaysJournalTheMondayReminderAndForecastScoringFollowThePersonsCalendar(string now, string timeZone)
    {
        var at = CalendarDates.Instant(now);
        using var clock = api.Clock.At(at);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var today = CalendarDates.LocalDate(at, timeZone);
        var (id, key) = await api.CreateUserAsync("Cal", timeZone);
        using var client = api.Client(key);

        using var seeded = await client.PostAsync($"/api/users/{id}/synthetic?days=60&seed=31", null);
        seeded.EnsureSuccessStatusCode();
        var last = DateOnly.Parse((await seeded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("report").GetProperty("lastDate").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(today.AddDays(-1), last);

        // The journal: an entry without a date is the local today's; the local tomorrow has not happened yet.
        using var written = await client.PostAsJsonAsync($"/api/users/{id}/journal", new { text = "Two beers with friends" });
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Equal(D(today), (await written.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entry").GetProperty("date").GetString());
        using var tomorrow = await client.PostAsJsonAsync($"/api/users/{id}/journal", new { date = D(today.AddDays(1)), text = "Early night" });
        Assert.Equal(HttpStatusCode.BadRequest, tomorrow.StatusCode);
        Assert.Contains("has not happened yet", (await tomorrow.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The weekly reminder ticking now writes the last complete week: it ended on the local Sunday before today.
        var sunday = today.AddDays(-1);
        while (sunday.DayOfWeek != DayOfWeek.Sunday)
        {
            sunday = sunday.AddDays(-1);
        }

        var grain = api.Factory.Services.GetRequiredService<IClusterClient>().GetGrain<IUserGrain>(id);
        await grain.RunReminderAsync(Bio.Silo.Users.UserGrain.WeeklyReminder); // what the tick starts (the tick itself returns at once)
        var stored = Assert.Single(await grain.GetReportsAsync());
        Assert.Equal(sunday, stored.WeekEnding);
        Assert.Equal(WeeklyReports.ByReminder, stored.Trigger);
        var report = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/reports/{D(sunday)}?format=json");
        Assert.Equal(D(sunday.AddDays(-6)), report.GetProperty("weekStart").GetString());
        Assert.Equal(7, report.GetProperty("weeks")[3].GetProperty("daysWithData").GetInt32());

        // Its next tick is the first local Monday 07:00 after now (found here by walking the local days).
        var due = at + new ReportOptions().NextDue(at, zone);
        var localNow = TimeZoneInfo.ConvertTime(at, zone).DateTime;
        var monday = DateOnly.FromDateTime(localNow);
        while (monday.DayOfWeek != DayOfWeek.Monday || monday.ToDateTime(new TimeOnly(7, 0)) <= localNow)
        {
            monday = monday.AddDays(1);
        }

        Assert.Equal(monday.ToDateTime(new TimeOnly(7, 0)), TimeZoneInfo.ConvertTime(due, zone).DateTime);

        // Tomorrow's forecast (issued from yesterday, for today) is scored when today's HRV arrives a day later.
        var forecast = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/forecasts");
        Assert.Equal(D(last), forecast.GetProperty("issuedAfter").GetString());
        var next = forecast.GetProperty("days")[0];
        Assert.Equal(D(today), next.GetProperty("date").GetString());
        api.Clock.Set(at.AddDays(1));
        using var morning = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes($"date,hrv_rmssd_ms\n{D(today)},61.5\n")), "file", "today.csv" } };
        (await client.PostAsync($"/api/users/{id}/imports", morning)).EnsureSuccessStatusCode();
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/forecasts/history");
        var scored = Assert.Single(history.GetProperty("forecasts").EnumerateArray(), r => r.GetProperty("target").GetString() == D(today));
        Assert.Equal(61.5, scored.GetProperty("actualMs").GetDouble(), 9);
        Assert.Equal(next.GetProperty("hrvMs").GetDouble(), scored.GetProperty("hrvMs").GetDouble(), 9);
    }
}
