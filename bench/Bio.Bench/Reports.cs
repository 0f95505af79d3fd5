using System.Diagnostics;
using Bio.Core.Analytics;
using Bio.Core.Lake;
using Bio.Core.Reports;
using Bio.Core.Synthetic;

namespace Bio.Bench;

/// <summary>A weekly report for a two-year user: building it (insights included) and rendering its HTML with the SVG charts.</summary>
internal static class Reports
{
    public static void Run()
    {
        var silver = new Silver();
        silver.Merge(SyntheticPerson.Generate(3, 730, new DateOnly(2026, 11, 29)).Batch, "synthetic");
        var analysis = Analysis.Run(DaySeries.FromSilver(silver));
        var weekly = new LakeSnapshot(silver, analysis).Rows(LakeTables.WeeklyTrends);
        Console.WriteLine($"# Bio weekly report: {Environment.ProcessorCount} cores, .NET {Environment.Version}, a synthetic user with 730 days");
        var build = new List<double>();
        var render = new List<double>();
        var size = 0;
        for (var i = 0; i < 25; i++)
        {
            var week = new DateOnly(2026, 11, 29).AddDays(-7 * (i % 20));
            var clock = Stopwatch.StartNew();
            var report = WeeklyReports.Build(analysis, weekly, [], week, "Bench", DateTimeOffset.UtcNow, WeeklyReports.OnDemand);
            var built = clock.Elapsed.TotalMilliseconds;
            var html = ReportHtml.Render(report);
            if (i >= 5)
            {
                build.Add(built);
                render.Add(clock.Elapsed.TotalMilliseconds - built);
                size = html.Length;
            }
        }

        build.Sort();
        render.Sort();
        Console.WriteLine($"build (status, risk days, anomalies, 5 insights over 12 weeks, accuracy): p50 {build[10]:0.0} ms, max {build[^1]:0.0} ms");
        Console.WriteLine($"render (HTML with 8 SVG charts, {size / 1024} KiB): p50 {render[10]:0.0} ms, max {render[^1]:0.0} ms");
    }
}
