using Azure.Storage.Blobs;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.ServiceDefaults;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Bio.Silo;

public static class Extensions
{
    /// <summary>The service key of the clock user grains read the date and time from.</summary>
    public const string UserClock = "user-clock";

    /// <summary>
    /// The Orleans silo. Providers come from the <c>Orleans</c> configuration section, which the AppHost
    /// fills (Azure Table clustering and reminders, Azure Blob grain storage named
    /// <see cref="ResourceNames.UserStateStore"/>, all on the <c>storage</c> resource); tests fill the
    /// same keys. The storage clients are the keyed ones from <c>AddBioStorage</c>, with tight timeouts.
    /// </summary>
    public static IHostApplicationBuilder AddBioSilo(this IHostApplicationBuilder builder)
    {
        builder.AddBioStorage();
        builder.Services.AddSingleton(TimeProvider.System);
        // The people's clock (days, mornings, forecasts), apart from the runtime's own timers: tests move it.
        builder.Services.AddKeyedSingleton(UserClock, TimeProvider.System);
        builder.Services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section);
        builder.Services.AddSingleton(sp => new LakeStore(sp.GetRequiredKeyedService<BlobServiceClient>(ResourceNames.Storage), time: sp.GetRequiredKeyedService<TimeProvider>(UserClock)));
        builder.Services.AddSingleton(sp => new FormatDetector(sp.GetRequiredService<IOptions<IngestOptions>>().Value.ZipLimits()));
        builder.Services.AddOptions<Bio.Core.Analytics.AnalyticsSettings>().BindConfiguration(Bio.Core.Analytics.AnalyticsSettings.Section);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<Bio.Core.Analytics.AnalyticsSettings>>().Value.ToOptions());
        builder.Services.AddSingleton(sp => new IngestPipeline(sp.GetRequiredService<LakeStore>(), sp.GetRequiredService<FormatDetector>(),
            sp.GetRequiredKeyedService<TimeProvider>(UserClock), sp.GetService<Bio.Core.Analytics.AnalysisOptions>()));
        builder.Services.AddOptions<Bio.Core.Forecasting.ForecastingOptions>().BindConfiguration(Bio.Core.Forecasting.ForecastingOptions.Section);
        builder.Services.AddSingleton(new Bio.Silo.Users.WorkHooks());
        builder.AddBioChatModel();
        builder.Services.AddSingleton(sp => new Bio.Core.Forecasting.ForecastStore(sp.GetRequiredKeyedService<BlobServiceClient>(ResourceNames.Storage)));
        builder.Services.AddOptions<Bio.Core.Reports.ReportOptions>().BindConfiguration(Bio.Core.Reports.ReportOptions.Section);
        builder.Services.AddOptions<Bio.Core.Query.QueryOptions>().BindConfiguration(Bio.Core.Query.QueryOptions.Section);
        builder.Services.AddSingleton(sp => new Bio.Core.Reports.ReportStore(sp.GetRequiredKeyedService<BlobServiceClient>(ResourceNames.Storage)));
        builder.Services.AddSingleton(sp => new Bio.Core.Plans.PlanStore(sp.GetRequiredKeyedService<BlobServiceClient>(ResourceNames.Storage)));
        builder.Services.AddSingleton(sp => new ImportArchive(sp.GetRequiredKeyedService<BlobServiceClient>(ResourceNames.Storage)));
        builder.Services.AddOptions<ImportHistoryOptions>().BindConfiguration(ImportHistoryOptions.Section);
        // Device clouds (Oura, WHOOP): their URLs and credentials, one HTTP client for their calls (its own
        // retries, which honour Retry-After, so no resilience handler on it), tokens encrypted with Data
        // Protection keys kept in Blob storage.
        builder.Services.AddOptions<Bio.Core.Sync.SyncOptions>().BindConfiguration(Bio.Core.Sync.SyncOptions.Section);
        builder.Services.AddSingleton(sp => new Bio.Core.Sync.ProviderClient(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(60) },
            sp.GetRequiredService<IOptions<Bio.Core.Sync.SyncOptions>>().Value, sp.GetRequiredKeyedService<TimeProvider>(UserClock)));
        Bio.Silo.Connections.TokenProtection.AddBioTokenProtection(builder.Services);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection("Orleans:Membership"));
            silo.Configure<SiloMessagingOptions>(builder.Configuration.GetSection("Orleans:Messaging"));
            // Reminders shorter than Orleans' one-minute floor only where Forecasting:Period asks for it (tests).
            var periods = new[] { Bio.Core.Forecasting.ForecastingOptions.Section, Bio.Core.Reports.ReportOptions.Section }
                .Select(section => builder.Configuration.GetValue<TimeSpan?>($"{section}:Period"))
                .Append(builder.Configuration.GetValue<TimeSpan?>($"{Bio.Core.Sync.SyncOptions.Section}:Interval"))
                .Where(p => p is not null).Select(p => p!.Value);
            if (periods.Where(p => p < TimeSpan.FromMinutes(1)).DefaultIfEmpty(TimeSpan.Zero).Min() is var shortest && shortest > TimeSpan.Zero)
            {
                silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = shortest);
            }
        });
        return builder;
    }
}
