using System.Globalization;
using System.Text.RegularExpressions;
using Bio.Core.Ingest.Csv;

namespace Bio.Core.Ingest.Peloton;

/// <summary>
/// Peloton's "Download workouts" CSV (FORMATS.md §3). Headers carry units that depend on the account
/// ("Distance (mi)", "Distance (km)", "Distance (miles)"), so columns are matched by name with the unit
/// stripped and the unit converted. Timestamps are "2020-05-01 07:30 (PST)" or "(-07)"; the zone
/// abbreviation is taken at its word (Peloton writes PST in summer too), and the local date is the
/// wall-clock date as written, which does not depend on it.
/// </summary>
public sealed partial class PelotonCsvImporter : IImporter
{
    public const string SourceName = "peloton";

    private static readonly Dictionary<string, int> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UTC"] = 0, ["GMT"] = 0, ["EST"] = -5, ["EDT"] = -4, ["CST"] = -6, ["CDT"] = -5,
        ["MST"] = -7, ["MDT"] = -6, ["PST"] = -8, ["PDT"] = -7, ["AKST"] = -9, ["AKDT"] = -8, ["HST"] = -10,
        ["BST"] = 1, ["CET"] = 1, ["CEST"] = 2, ["EET"] = 2, ["EEST"] = 3, ["AEST"] = 10, ["AEDT"] = 11,
    };

    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> ZoneLookup = Zones.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Source => SourceName;

    public static bool Recognizes(CsvHeader header) =>
        header.Has("Workout Timestamp") && header.Has("Fitness Discipline") && header.Names.Any(n => n.StartsWith("Length", StringComparison.Ordinal));

    public ImportBatch Import(Stream input, ImportContext context)
    {
        var batch = new ImportBatch(Source);
        using var csv = new CsvReader(new StreamReader(input, leaveOpen: true));
        if (!csv.Read())
        {
            throw new ImportFormatException($"{context.FileName} is empty: a Peloton workouts CSV starts with a header row.");
        }

        var header = new CsvHeader(csv.Fields);
        if (!Recognizes(header))
        {
            throw new ImportFormatException($"{context.FileName} does not have the Peloton columns ('Workout Timestamp', 'Fitness Discipline', 'Length (minutes)').");
        }

        var columns = header.Names.Select((n, i) => (Name: StripUnit(n, out var unit), Unit: unit, Index: i))
            .GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        (int Index, string Unit) Col(string name) => columns.TryGetValue(name, out var c) ? (c.Index, c.Unit) : (-1, "");

        // Column positions, found once per file.
        int stampColumn = Col("Workout Timestamp").Index, lengthColumn = Col("Length").Index, disciplineColumn = Col("Fitness Discipline").Index,
            titleColumn = Col("Title").Index, outputColumn = Col("Total Output").Index, wattsColumn = Col("Avg. Watts").Index,
            hrColumn = Col("Avg. Heartrate").Index, kcalColumn = Col("Calories Burned").Index,
            instructorColumn = Col("Instructor Name").Index, liveColumn = Col("Live/On-Demand").Index, speedColumn = Col("Avg. Speed").Index;
        var distance = Col("Distance");
        var distanceScale = distance.Unit is "mi" or "miles" ? 1.609344 : 1;
        CsvRows.ForEach(csv, batch, context, (fields, id) =>
        {
            var stampText = CsvHeader.Cell(fields, stampColumn);
            if (!TryTimestamp(stampText, out var start))
            {
                return $"timestamp is not 'yyyy-MM-dd HH:mm (zone)': '{Rejection.Cut(stampText)}'";
            }

            double? Number(int column, double scale = 1) =>
                Cells.TryNumber(CsvHeader.CellSpan(fields, column), out var v) ? v * scale : null;

            var output = Number(outputColumn);
            var title = CsvHeader.Cell(fields, titleColumn).Trim();
            var lengthText = CsvHeader.CellSpan(fields, lengthColumn).Trim();
            double minutes;
            if (lengthText.IsEmpty)
            {
                // Scenic and free rides can have no class length; their output and average power give it exactly
                // (kJ = W x s / 1000), else the distance over the average speed, else the title's "20 min".
                if (DerivedMinutes(output, Number(wattsColumn), Number(distance.Index), Number(speedColumn), title) is not { } derived)
                {
                    return "workout length is missing, and neither output and average watts, distance and speed, nor the title give it";
                }

                minutes = derived;
            }
            else if (!Cells.TryNumber(lengthText, out minutes) || minutes <= 0 || minutes > 24 * 60)
            {
                return $"workout length is not 1..1440 minutes: '{Rejection.Cut(lengthText.ToString())}'";
            }

            var fitnessDiscipline = CsvHeader.Cell(fields, disciplineColumn).Trim();
            var discipline = Disciplines.Normalize(fitnessDiscipline);
            if (discipline == "cycling" && output is 0)
            {
                return "aborted ride: a cycling workout with 0 kJ output";
            }

            var instructor = CsvHeader.Cell(fields, instructorColumn).Trim(); // empty for Scenic and Just Ride
            batch.Workouts.Add(new WorkoutRecord(start, DateOnly.FromDateTime(start.DateTime), discipline, minutes, Source)
            {
                Activity = fitnessDiscipline.Length == 0 ? null : fitnessDiscipline,
                Title = title.Length == 0 ? null : title,
                Instructor = instructor.Length == 0 ? null : instructor,
                Live = Live(CsvHeader.CellSpan(fields, liveColumn)),
                OutputKj = output,
                AvgWatts = Number(wattsColumn),
                AvgHr = Number(hrColumn),
                Kcal = Number(kcalColumn),
                DistanceKm = Number(distance.Index, distanceScale),
                Row = id,
            });
            return null;
        });

        return batch;
    }

    /// <summary>
    /// The length of a workout the export gives none for, in minutes: total output (kJ) over average power (W) is
    /// its moving time; else distance over average speed (both in the export's own units); else "NN min" in the
    /// title. Null when nothing gives a length of 1..1440 minutes.
    /// </summary>
    public static double? DerivedMinutes(double? outputKj, double? avgWatts, double? distance, double? avgSpeed, string title)
    {
        static double? Valid(double m) => m is >= 0.5 and <= 24 * 60 ? Math.Round(m, 1) : null;
        if (outputKj is > 0 && avgWatts is > 0 && Valid(outputKj.Value * 1000 / avgWatts.Value / 60) is { } fromPower)
        {
            return fromPower;
        }

        if (distance is > 0 && avgSpeed is > 0 && Valid(distance.Value / avgSpeed.Value * 60) is { } fromSpeed)
        {
            return fromSpeed;
        }

        return TitleMinutes().Match(title) is { Success: true } m ? Valid(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)) : null;
    }

    /// <summary>"Live" is true and "On Demand" false; an empty cell (or anything else) says nothing.</summary>
    public static bool? Live(ReadOnlySpan<char> cell)
    {
        var text = cell.Trim();
        return text.Equals("Live", StringComparison.OrdinalIgnoreCase) ? true
            : text.Equals("On Demand", StringComparison.OrdinalIgnoreCase) || text.Equals("On-Demand", StringComparison.OrdinalIgnoreCase) ? false
            : null;
    }

    /// <summary>"2020-05-01 07:30 (PST)", "2021-03-04 18:00 (-07)", "(+05:30)".</summary>
    public static bool TryTimestamp(string text, out DateTimeOffset start)
    {
        start = default;
        var t = text.AsSpan().Trim();
        // Fast path: "yyyy-MM-dd HH:mm (PST)" with a known abbreviation, digit by digit.
        if (t.Length > 19 && t[10] == ' ' && t[13] == ':' && t[16] == ' ' && t[17] == '(' && t[^1] == ')' &&
            CsvRows.TryIsoDate(t[..10], out var day) && char.IsAsciiDigit(t[11]) && char.IsAsciiDigit(t[12]) &&
            char.IsAsciiDigit(t[14]) && char.IsAsciiDigit(t[15]) &&
            FastZone(t[18..^1]) is { } zoneOffset)
        {
            int h = (t[11] - '0') * 10 + (t[12] - '0'), m = (t[14] - '0') * 10 + (t[15] - '0');
            if (h < 24 && m < 60)
            {
                start = new DateTimeOffset(day.ToDateTime(new TimeOnly(h, m)), zoneOffset);
                return true;
            }
        }

        var match = TimestampPattern().Match(text.Trim());
        if (!match.Success ||
            !DateTime.TryParseExact(match.Groups["local"].Value, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        var zone = match.Groups["zone"].Value;
        TimeSpan offset;
        if (Zones.TryGetValue(zone, out var hours))
        {
            offset = TimeSpan.FromHours(hours);
        }
        else if (OffsetPattern().Match(zone) is { Success: true } o)
        {
            var sign = o.Groups["sign"].Value == "-" ? -1 : 1;
            var minutes = o.Groups["m"].Success ? int.Parse(o.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
            offset = sign * new TimeSpan(int.Parse(o.Groups["h"].Value, CultureInfo.InvariantCulture), minutes, 0);
            if (offset > TimeSpan.FromHours(14) || offset < TimeSpan.FromHours(-14))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        start = new DateTimeOffset(local, offset);
        return true;
    }

    /// <summary>A known abbreviation or a bare "±HH" offset; anything else goes the slow, thorough way.</summary>
    private static TimeSpan? FastZone(ReadOnlySpan<char> zone)
    {
        if (ZoneLookup.TryGetValue(zone, out var hours))
        {
            return TimeSpan.FromHours(hours);
        }

        if (zone.Length == 3 && zone[0] is '+' or '-' && char.IsAsciiDigit(zone[1]) && char.IsAsciiDigit(zone[2]))
        {
            var h = (zone[1] - '0') * 10 + (zone[2] - '0');
            return h <= 14 ? TimeSpan.FromHours(zone[0] == '-' ? -h : h) : null;
        }

        return null;
    }

    private static string StripUnit(string header, out string unit)
    {
        var m = UnitPattern().Match(header.Trim());
        unit = m.Success ? m.Groups["unit"].Value.ToLowerInvariant() : "";
        return m.Success ? m.Groups["name"].Value.Trim() : header.Trim();
    }

    [GeneratedRegex(@"^(?<local>\d{4}-\d{2}-\d{2} \d{2}:\d{2}) \((?<zone>[^)]+)\)$")]
    private static partial Regex TimestampPattern();

    [GeneratedRegex(@"^(?<sign>[+-])(?<h>\d{2}):?(?<m>\d{2})?$")]
    private static partial Regex OffsetPattern();

    [GeneratedRegex(@"^(\d{1,3}) min\b")]
    private static partial Regex TitleMinutes();

    [GeneratedRegex(@"^(?<name>.*?)\s*\((?<unit>[^)]*)\)$")]
    private static partial Regex UnitPattern();
}
