using System.Globalization;
using Bio.Core.Ingest.Csv;

namespace Bio.Core.Ingest.Fitbit;

/// <summary>
/// Fitabase's <c>dailyActivity_merged.csv</c> (FORMATS.md §5): one row per participant and day,
/// <c>Id, ActivityDate, TotalSteps, …, Calories</c>, with US dates (<c>5/23/2022</c>, in some exports
/// <c>5/23/2022 12:00:00 AM</c>). <c>TotalSteps</c> is the day's steps and <c>Calories</c> the day's
/// total burn (resting included), so it is <c>total_kcal</c>, never <c>active_kcal</c>. A study's file
/// can hold many participants; Bio imports one person's data, so a file with more than one Id is refused.
/// </summary>
internal static class FitbitDailyActivity
{
    private static readonly string[] DateFormats = ["M/d/yyyy", "yyyy-MM-dd"];

    public static bool Recognizes(CsvHeader h) => h.Has("ActivityDate") && (h.Has("TotalSteps") || h.Has("Calories"));

    public static void Import(ImportBatch batch, CsvReader csv, CsvHeader header, ImportContext context, string source)
    {
        var date = header.Find("ActivityDate");
        var id = header.Find("Id");
        var columns = MetricColumns.Resolve(header, [(Metric.Steps, 1, ["TotalSteps"]), (Metric.TotalKcal, 1, ["Calories"])]);
        var people = new HashSet<string>(StringComparer.Ordinal);
        CsvRows.ForEach(csv, batch, context, (fields, row) =>
        {
            if (id >= 0 && CsvHeader.Cell(fields, id).Trim() is { Length: > 0 } person)
            {
                people.Add(person);
            }

            var text = CsvHeader.Cell(fields, date).Trim();
            return TryDate(text, out var day)
                ? MetricColumns.CollectRow(fields, columns, day, source, row, batch.Daily)
                : $"ActivityDate is not M/D/YYYY: '{Rejection.Cut(text)}'";
        });

        if (people.Count > 1)
        {
            throw new ImportFormatException(
                $"{context.FileName} holds {people.Count} people (Fitabase Ids {string.Join(", ", people.Order(StringComparer.Ordinal).Take(3))}{(people.Count > 3 ? ", …" : "")}); " +
                "Bio imports one person's data: split the file by Id and upload each person's rows to their own account.");
        }
    }

    /// <summary>The calendar day as written; a time is accepted only when it is midnight (Fitabase's "12:00:00 AM").</summary>
    private static bool TryDate(string text, out DateOnly day)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var time = space < 0 ? "" : text[(space + 1)..].Trim();
        if (time.Length > 0 && time is not ("12:00:00 AM" or "12:00 AM" or "00:00:00" or "00:00"))
        {
            day = default;
            return false;
        }

        return DateOnly.TryParseExact(space < 0 ? text : text[..space], DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }
}
