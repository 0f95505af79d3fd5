using System.Globalization;
using System.Text.Json;
using Bio.Core.Ingest.Csv;

namespace Bio.Core.Ingest.Fitbit;

/// <summary>
/// Fitbit's account export (FORMATS.md §5): <c>sleep-YYYY-MM-DD.json</c> (an array of sleep logs; the
/// file's date does not match its content, so only <c>dateOfSleep</c> counts), <c>sleep_score.csv</c>
/// (UTC wake timestamps, newest first, two entries on nap days) and the daily HRV summary CSV
/// (<c>timestamp, rmssd, nremhr, entropy</c>, or the newer takeout columns), and Fitabase's
/// <c>dailyActivity_merged.csv</c> (steps and the day's total calories; see <see cref="FitbitDailyActivity"/>).
/// Per day, the main sleep gives the night; other logs add nap minutes and are folded into it.
/// </summary>
public sealed class FitbitImporter : IImporter
{
    public const string SourceName = "fitbit";

    public string Source => SourceName;

    private enum Kind { SleepScore, Hrv, DailyActivity }

    public static bool Recognizes(CsvHeader h) => KindOf(h) is not null;

    public static bool Recognizes(JsonElement root) =>
        root.ValueKind == JsonValueKind.Array && root.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } first &&
        first.Has("logId") && first.Has("dateOfSleep");

    private static Kind? KindOf(CsvHeader h)
    {
        if (h.Has("sleep_log_entry_id") && h.Has("overall_score")) return Kind.SleepScore;
        if (h.Has("timestamp") && (h.Has("rmssd") || h.Has("root mean square of successive differences milliseconds"))) return Kind.Hrv;
        if (FitbitDailyActivity.Recognizes(h)) return Kind.DailyActivity;
        return null;
    }

    public ImportBatch Import(Stream input, ImportContext context)
    {
        var head = input.ReadByte();
        if (input.CanSeek)
        {
            input.Position = 0;
        }
        else
        {
            throw new ImportFormatException("A Fitbit file must be read from a seekable stream.");
        }

        var batch = new ImportBatch(Source);
        if (head is '[' or ' ' or '\n' or '\r' or '\t')
        {
            SleepJson(batch, input, context);
        }
        else
        {
            Csv(batch, input, context);
        }

        return batch;
    }

    private void SleepJson(ImportBatch batch, Stream input, ImportContext context)
    {
        using var document = JsonDocument.Parse(input, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 32 });
        var byDay = new Dictionary<DateOnly, List<(long Row, long Index, JsonElement Log)>>();
        foreach (var (log, index) in Json.Items(document.RootElement).Items.Select((l, i) => (l, i + 1L)))
        {
            var id = batch.RowRead(context.FileName, index);
            var dateText = log.Get("dateOfSleep").Text();
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                batch.Reject(new Rejection(context.FileName, index, $"dateOfSleep is not ISO yyyy-MM-dd: '{dateText}'", Rejection.Cut(log.GetRawText())));
                continue;
            }

            (byDay.TryGetValue(day, out var list) ? list : byDay[day] = []).Add((id, index, log));
            batch.RowAccepted();
        }

        foreach (var (day, logs) in byDay.OrderBy(d => d.Key))
        {
            var main = logs.Where(l => l.Log.Get("mainSleep").Bool() == true).OrderByDescending(l => l.Log.Get("minutesAsleep").Number() ?? 0).FirstOrDefault();
            var anchor = main.Log.ValueKind == JsonValueKind.Object ? main : logs[0];
            if (main.Log.ValueKind == JsonValueKind.Object)
            {
                var log = main.Log;
                var summary = log.Path("levels", "summary");
                void Add(Metric metric, double? value)
                {
                    if (value is { } v)
                    {
                        var (min, max) = metric.Range();
                        if (v >= min && v <= max)
                        {
                            batch.Daily.Add(new DailyObservation(day, metric, v, Source, main.Row));
                        }
                    }
                }

                Add(Metric.SleepMinutes, log.Get("minutesAsleep").Number());
                Add(Metric.InBedMinutes, log.Get("timeInBed").Number());
                Add(Metric.SleepEfficiency, log.Get("efficiency").Number());
                Add(Metric.DeepMinutes, summary?.Path("deep", "minutes").Number());
                Add(Metric.RemMinutes, summary?.Path("rem", "minutes").Number());
                Add(Metric.LightMinutes, summary?.Path("light", "minutes").Number());
                Add(Metric.AwakeMinutes, summary?.Path("wake", "minutes").Number() ?? summary?.Path("awake", "minutes").Number());
            }

            var naps = logs.Where(l => l.Row != main.Row).Sum(l => l.Log.Get("minutesAsleep").Number() ?? 0);
            if (naps > 0)
            {
                batch.Daily.Add(new DailyObservation(day, Metric.NapMinutes, Math.Min(naps, 1440), Source, anchor.Row));
            }

            if (batch.Daily.Count == 0 || batch.Daily[^1].Date != day)
            {
                foreach (var l in logs)
                {
                    batch.Reject(new Rejection(context.FileName, l.Index, $"no values: the sleep logs of {day:yyyy-MM-dd} have no minutes asleep", Rejection.Cut(l.Log.GetRawText())));
                    batch.RowRejectedAfterwards();
                }

                continue;
            }

            foreach (var l in logs.Where(l => l.Row != anchor.Row))
            {
                batch.FoldedInto[l.Row] = anchor.Row;
            }
        }
    }

    private void Csv(ImportBatch batch, Stream input, ImportContext context)
    {
        using var csv = new CsvReader(new StreamReader(input, leaveOpen: true));
        if (!csv.Read())
        {
            throw new ImportFormatException($"{context.FileName} is empty.");
        }

        var header = new CsvHeader(csv.Fields);
        var kind = KindOf(header) ?? throw new ImportFormatException($"{context.FileName} is not one of the Fitbit files Bio reads.");
        if (kind == Kind.DailyActivity)
        {
            FitbitDailyActivity.Import(batch, csv, header, context, Source);
            return;
        }

        // Per day: the rows of that day, so a day's value is decided once (naps, several HRV samples).
        var days = new SortedDictionary<DateOnly, List<(long Row, long Line, double[] Values)>>();
        var stamp = header.Find("timestamp");
        var columns = kind == Kind.SleepScore
            ? new[] { header.Find("overall_score"), header.Find("resting_heart_rate"), header.Find("deep_sleep_in_minutes") }
            : [header.Find("rmssd", "root mean square of successive differences milliseconds")];
        while (csv.Read())
        {
            var fields = csv.Fields;
            if (CsvHeader.IsBlank(fields))
            {
                continue;
            }

            var id = batch.RowRead(context.FileName, csv.RecordLine);
            var line = csv.RecordLine;
            var text = CsvHeader.Cell(fields, stamp).Trim();
            DateOnly day;
            if (kind == Kind.SleepScore)
            {
                // UTC wake time: the person's local date.
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var utc))
                {
                    batch.Reject(Rejection.Of(context.FileName, line, $"timestamp is not ISO: '{Rejection.Cut(text)}'", fields));
                    continue;
                }

                day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, context.Zone).DateTime);
            }
            else if (text.Length < 10 || !DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                batch.Reject(Rejection.Of(context.FileName, line, $"timestamp is not ISO: '{Rejection.Cut(text)}'", fields));
                continue;
            }

            var values = columns.Select(c => Cells.TryNumber(CsvHeader.Cell(fields, c), out var v) ? v : double.NaN).ToArray();
            if (double.IsNaN(values[0]))
            {
                batch.Reject(Rejection.Of(context.FileName, line, $"no values: the row for {day:yyyy-MM-dd} has no {(kind == Kind.SleepScore ? "overall_score" : "rmssd")}", fields));
                continue;
            }

            (days.TryGetValue(day, out var list) ? list : days[day] = []).Add((id, line, values));
            batch.RowAccepted();
        }

        foreach (var (day, rows) in days)
        {
            // Sleep score: the main sleep is the entry with the most deep sleep. HRV: the day's mean.
            var anchor = kind == Kind.SleepScore ? rows.MaxBy(r => double.IsNaN(r.Values[2]) ? -1 : r.Values[2]) : rows[0];
            var observations = kind == Kind.SleepScore
                ? new[] { (Metric.SleepScore, anchor.Values[0]), (Metric.RestingHrBpm, anchor.Values[1]) }
                : [(Metric.HrvRmssdMs, rows.Average(r => r.Values[0]))];
            var added = 0;
            foreach (var (metric, value) in observations)
            {
                var (min, max) = metric.Range();
                if (!double.IsNaN(value) && value >= min && value <= max)
                {
                    batch.Daily.Add(new DailyObservation(day, metric, value, Source, anchor.Row));
                    added++;
                }
            }

            if (added == 0)
            {
                foreach (var r in rows)
                {
                    batch.Reject(new Rejection(context.FileName, r.Line, $"out of range: the values of {day:yyyy-MM-dd} are outside their metrics' ranges", ""));
                    batch.RowRejectedAfterwards();
                }

                continue;
            }

            foreach (var r in rows.Where(r => r.Row != anchor.Row))
            {
                batch.FoldedInto[r.Row] = anchor.Row;
            }
        }
    }
}
