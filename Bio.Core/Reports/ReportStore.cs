using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Bio.Core.Lake;

namespace Bio.Core.Reports;

/// <summary>
/// A person's weekly reports in Blob storage beside their lake: <c>{user}/reports/{weekEnding}.json</c>
/// (the numbers) and <c>{user}/reports/{weekEnding}.html</c> (the page). The HTML is written first, so a
/// report is listed (by its JSON) only once both are there.
/// </summary>
public sealed class ReportStore(BlobServiceClient blobs, string containerName = LakeStore.DefaultContainer)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private BlobContainerClient Container => blobs.GetBlobContainerClient(containerName);

    private static string Prefix(string user) => $"{user}/reports/";

    public async Task SaveAsync(string user, StoredReport report, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var name = Prefix(user) + report.Report.WeekEnding.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Container.CreateIfNotExistsAsync(cancellationToken: ct);
        await Container.GetBlobClient(name + ".html").UploadAsync(BinaryData.FromString(report.Html),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/html; charset=utf-8" } }, ct);
        await Container.GetBlobClient(name + ".json").UploadAsync(BinaryData.FromObjectAsJson(report.Report, Json),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                Metadata = new Dictionary<string, string>
                {
                    ["generated_at"] = report.Report.GeneratedAt.ToString("O", CultureInfo.InvariantCulture),
                    ["trigger"] = Uri.EscapeDataString(report.Report.Trigger),
                },
            }, ct);
    }

    public async Task<StoredReport?> ReadAsync(string user, DateOnly weekEnding, CancellationToken ct = default)
    {
        var name = Prefix(user) + weekEnding.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        try
        {
            var json = await Container.GetBlobClient(name + ".json").DownloadContentAsync(ct);
            var html = await Container.GetBlobClient(name + ".html").DownloadContentAsync(ct);
            var report = json.Value.Content.ToObjectFromJson<WeeklyReport>(Json);
            return report is null ? null : new StoredReport(report, Encoding.UTF8.GetString(html.Value.Content.ToMemory().Span));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Every stored report, newest week first.</summary>
    public async Task<IReadOnlyList<ReportInfo>> ListAsync(string user, CancellationToken ct = default)
    {
        var list = new List<ReportInfo>();
        try
        {
            await foreach (var blob in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix(user), Traits = BlobTraits.Metadata }, ct))
            {
                if (!blob.Name.EndsWith(".json", StringComparison.Ordinal) ||
                    !DateOnly.TryParseExact(blob.Name[Prefix(user).Length..^5], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var weekEnding))
                {
                    continue;
                }

                if (blob.Metadata.TryGetValue("generated_at", out var at) && blob.Metadata.TryGetValue("trigger", out var trigger))
                {
                    list.Add(new ReportInfo(weekEnding, weekEnding.AddDays(-6), DateTimeOffset.Parse(at, CultureInfo.InvariantCulture), Uri.UnescapeDataString(trigger)));
                }
                else if (await ReadAsync(user, weekEnding, ct) is { } stored)
                {
                    // A report restored from an export carries its facts in its JSON only.
                    list.Add(new ReportInfo(weekEnding, stored.Report.WeekStart, stored.Report.GeneratedAt, stored.Report.Trigger));
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // no container yet
        }

        return [.. list.OrderByDescending(r => r.WeekEnding)];
    }
}
