using System.Globalization;
using System.Text.Json;

namespace Bio.Core.Ingest.Whoop;

/// <summary>
/// WHOOP developer API v2 JSON (FORMATS.md §2b): pages <c>{"records":[…], "next_token":…}</c> or bare
/// arrays of recovery, sleep, workout or cycle records, told apart by their fields. Times are UTC with
/// the local offset beside them (<c>timezone_offset</c>), durations milliseconds, energy kJ. A recovery
/// has no local time of its own: it is placed on the person's local date of its creation. One cycle can
/// have two recoveries (nap and night): the later one wins, as WHOOP's app shows it.
/// </summary>
public sealed class WhoopJsonImporter : IImporter
{
    public string Source => WhoopCsvImporter.SourceName;

    private enum Kind { Recovery, Sleep, Workout, Cycle }

    public static bool Recognizes(JsonElement root)
    {
        var (_, items) = Json.Items(root);
        return items.Count > 0 && KindOf(items[0]) is not null;
    }

    private static Kind? KindOf(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object) return null;
        if (item.Path("score", "hrv_rmssd_milli") is not null || (item.Has("cycle_id") && item.Has("sleep_id"))) return Kind.Recovery;
        if (item.Has("sport_name") || item.Has("sport_id")) return Kind.Workout;
        if (item.Has("nap") && item.Has("start")) return Kind.Sleep;
        if (item.Has("start") && item.Path("score", "strain") is not null) return Kind.Cycle;
        return null;
    }

    public ImportBatch Import(Stream input, ImportContext context)
    {
        using var document = JsonDocument.Parse(input, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 32 });
        var (_, items) = Json.Items(document.RootElement);
        var batch = new ImportBatch(Source);
        // Recoveries: newest per cycle wins; kept until the end.
        var recoveries = new Dictionary<string, (DateTimeOffset Created, long Row, JsonElement Item, long Index)>();
        foreach (var (item, index) in items.Select((item, i) => (item, i + 1L)))
        {
            var id = batch.RowRead(context.FileName, index);
            void Reject(string reason) => batch.Reject(new Rejection(context.FileName, index, reason, Rejection.Cut(item.GetRawText())));
            switch (KindOf(item))
            {
                case Kind.Recovery:
                    if (!DateTimeOffset.TryParse(item.Get("created_at").Text(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created))
                    {
                        Reject("recovery has no created_at time");
                        break;
                    }

                    var cycle = item.Get("cycle_id")?.GetRawText() ?? $"row{index}";
                    if (recoveries.TryGetValue(cycle, out var other))
                    {
                        var current = (Created: created, Row: id, Item: item, Index: index);
                        var (keep, drop) = created >= other.Created ? (current, other) : (other, current);
                        recoveries[cycle] = keep;
                        batch.FoldedInto[drop.Row] = keep.Row;
                        foreach (var chained in batch.FoldedInto.Where(f => f.Value == drop.Row).Select(f => f.Key).ToList())
                        {
                            batch.FoldedInto[chained] = keep.Row; // never a chain: every fold points at the kept recovery
                        }
                    }
                    else
                    {
                        recoveries[cycle] = (created, id, item, index);
                    }

                    batch.RowAccepted();
                    break;
                case Kind.Sleep:
                    Sleep(batch, item, id, Reject);
                    break;
                case Kind.Workout:
                    Workout(batch, item, id, Reject);
                    break;
                case Kind.Cycle:
                    Cycle(batch, item, id, Reject);
                    break;
                default:
                    Reject("not a WHOOP recovery, sleep, workout or cycle record");
                    break;
            }
        }

        foreach (var (created, row, item, index) in recoveries.Values.OrderBy(r => r.Row))
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(created, context.Zone).DateTime);
            var score = item.Get("score");
            var before = batch.Daily.Count;
            var problem = Add(batch, day, row,
                (Metric.RecoveryScore, score?.Get("recovery_score").Number()),
                (Metric.RestingHrBpm, score?.Get("resting_heart_rate").Number()),
                (Metric.HrvRmssdMs, score?.Get("hrv_rmssd_milli").Number()),
                (Metric.Spo2Percent, score?.Get("spo2_percentage").Number()),
                (Metric.SkinTempC, score?.Get("skin_temp_celsius").Number()));
            if (problem is not null || batch.Daily.Count == before)
            {
                batch.Reject(new Rejection(context.FileName, index, problem ?? $"no values: the recovery for {day:yyyy-MM-dd} is not scored", Rejection.Cut(item.GetRawText())));
                batch.RowRejectedAfterwards();
                foreach (var folded in batch.FoldedInto.Where(f => f.Value == row).Select(f => f.Key).ToList())
                {
                    batch.FoldedInto.Remove(folded);
                    batch.Reject(new Rejection(context.FileName, 0, "superseded by a recovery that could not be imported", ""));
                    batch.RowRejectedAfterwards();
                }
            }
        }

        return batch;
    }

    private void Sleep(ImportBatch batch, JsonElement item, long id, Action<string> reject)
    {
        if (!TryLocal(item, "end", out var end))
        {
            reject("sleep end or timezone_offset is missing or not ISO");
            return;
        }

        var day = DateOnly.FromDateTime(end.DateTime);
        var stages = item.Path("score", "stage_summary");
        double? Minutes(string field) => stages?.Get(field).Number() / 60_000;
        var inBed = Minutes("total_in_bed_time_milli");
        var awake = Minutes("total_awake_time_milli");
        var light = Minutes("total_light_sleep_time_milli");
        var deep = Minutes("total_slow_wave_sleep_time_milli");
        var rem = Minutes("total_rem_sleep_time_milli");
        double? asleep = light is null && deep is null && rem is null ? null : (light ?? 0) + (deep ?? 0) + (rem ?? 0);
        if (item.Get("nap").Bool() == true)
        {
            if (asleep is not > 0)
            {
                reject("nap has no sleep durations");
                return;
            }

            var earlier = batch.Daily.FindIndex(o => o.Metric == Metric.NapMinutes && o.Date == day);
            if (earlier >= 0)
            {
                batch.Daily[earlier] = batch.Daily[earlier] with { Value = batch.Daily[earlier].Value + asleep.Value };
                batch.FoldedInto[id] = batch.Daily[earlier].Row;
            }
            else
            {
                batch.Daily.Add(new DailyObservation(day, Metric.NapMinutes, asleep.Value, Source, id));
            }

            batch.RowAccepted();
            return;
        }

        var before = batch.Daily.Count;
        var problem = Add(batch, day, id,
            (Metric.SleepMinutes, asleep), (Metric.InBedMinutes, inBed), (Metric.AwakeMinutes, awake), (Metric.LightMinutes, light),
            (Metric.DeepMinutes, deep), (Metric.RemMinutes, rem),
            (Metric.SleepScore, item.Path("score", "sleep_performance_percentage").Number()),
            (Metric.SleepEfficiency, item.Path("score", "sleep_efficiency_percentage").Number()),
            (Metric.RespiratoryRate, item.Path("score", "respiratory_rate").Number()),
            (Metric.SleepNeedMinutes, SleepNeed(item.Path("score", "sleep_needed"))),
            (Metric.SleepDebtMinutes, item.Path("score", "sleep_needed", "need_from_sleep_debt_milli").Number() / 60_000));
        if (problem is not null || batch.Daily.Count == before)
        {
            reject(problem ?? $"no values: the sleep ending {day:yyyy-MM-dd} is not scored");
            return;
        }

        batch.RowAccepted();
    }

    /// <summary>
    /// The night's sleep need in minutes: WHOOP's baseline, plus the need from sleep debt and from recent strain, less
    /// the nap credit. WHOOP documents the nap part as a reduction written as a negative number or zero, and some
    /// clients write it as a positive amount: it is taken off either way. Null unless all four parts are there (a
    /// baseline alone is not the night's need).
    /// </summary>
    private static double? SleepNeed(JsonElement? needed)
    {
        double? Part(string field) => needed?.Get(field).Number();
        return Part("baseline_milli") is { } baseline && Part("need_from_sleep_debt_milli") is { } debt
            && Part("need_from_recent_strain_milli") is { } strain && Part("need_from_recent_nap_milli") is { } nap
            ? (baseline + debt + strain - Math.Abs(nap)) / 60_000
            : null;
    }

    private void Workout(ImportBatch batch, JsonElement item, long id, Action<string> reject)
    {
        if (!TryLocal(item, "start", out var start) || !TryLocal(item, "end", out var end) || end <= start || end - start > TimeSpan.FromDays(1))
        {
            reject("workout start/end or timezone_offset is missing, or end is not after start");
            return;
        }

        var score = item.Get("score");
        var kj = score?.Get("kilojoule").Number();
        var sportName = item.Get("sport_name").Text();
        var sport = sportName ?? "activity";
        batch.Workouts.Add(new WorkoutRecord(start, DateOnly.FromDateTime(start.DateTime), Disciplines.Normalize(sport), (end - start).TotalMinutes, Source)
        {
            Activity = string.IsNullOrWhiteSpace(sportName) ? null : sportName, // "functional-fitness", as the API writes it
            Title = sport,
            Kcal = kj / 4.184, // WHOOP reports energy expenditure in kJ
            AvgHr = score?.Get("average_heart_rate").Number(),
            MaxHr = score?.Get("max_heart_rate").Number(),
            DistanceKm = score?.Get("distance_meter").Number() / 1000,
            DeviceStrain = score?.Get("strain").Number(),
            Row = id,
        });
        batch.RowAccepted();
    }

    private void Cycle(ImportBatch batch, JsonElement item, long id, Action<string> reject)
    {
        if (!TryLocal(item, "start", out var start))
        {
            reject("cycle start or timezone_offset is missing or not ISO");
            return;
        }

        var day = WhoopTime.WakeDay(start.DateTime);
        var before = batch.Daily.Count;
        // The cycle's kilojoule is all the energy of the cycle (the day's total burn), not a workout's.
        var kcal = item.Path("score", "kilojoule").Number() is { } kj and not 0 ? kj / 4.184 : (double?)null;
        var problem = Add(batch, day, id, (Metric.DeviceStrain, item.Path("score", "strain").Number()), (Metric.TotalKcal, kcal));
        if (problem is not null || batch.Daily.Count == before)
        {
            reject(problem ?? $"no values: the cycle for {day:yyyy-MM-dd} has no strain yet");
            return;
        }

        batch.RowAccepted();
    }

    private string? Add(ImportBatch batch, DateOnly day, long row, params (Metric Metric, double? Value)[] values)
    {
        var before = batch.Daily.Count;
        foreach (var (metric, value) in values)
        {
            if (value is not { } v)
            {
                continue;
            }

            var (min, max) = metric.Range();
            if (v < min || v > max)
            {
                batch.Daily.RemoveRange(before, batch.Daily.Count - before);
                return $"out of range: {metric.Column()} = {v.ToString("0.###", CultureInfo.InvariantCulture)} (expected {min}..{max})";
            }

            batch.Daily.Add(new DailyObservation(day, metric, v, Source, row));
        }

        return null;
    }

    /// <summary>A UTC time field shifted to the record's own local offset ("+01:00").</summary>
    private static bool TryLocal(JsonElement item, string field, out DateTimeOffset local)
    {
        local = default;
        if (!DateTimeOffset.TryParse(item.Get(field).Text(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var utc))
        {
            return false;
        }

        var offsetText = item.Get("timezone_offset").Text() ?? "+00:00";
        if (!TimeSpan.TryParseExact(offsetText.TrimStart('+', '-'), @"hh\:mm", CultureInfo.InvariantCulture, out var magnitude))
        {
            return false;
        }

        local = utc.ToOffset(offsetText.StartsWith('-') ? -magnitude : magnitude);
        return true;
    }
}
