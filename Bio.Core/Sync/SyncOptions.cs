namespace Bio.Core.Sync;

/// <summary>
/// Where Bio reaches each device cloud and with which credentials (<c>Bio:Sync</c>): every URL is
/// configuration, so tests and self-hosters point them anywhere. A provider without a client id and
/// secret is "not configured" (shown as such, never as an error). The client secret comes from the
/// AppHost's secret parameter (<c>oura-client-secret</c>, <c>whoop-client-secret</c>), never from code.
/// </summary>
public sealed class SyncOptions
{
    public const string Section = "Bio:Sync";

    public ProviderOptions Oura { get; set; } = new();

    public ProviderOptions Whoop { get; set; } = new();

    /// <summary>
    /// The public base URL of the API (e.g. https://api.example.org): the provider sends the person's
    /// browser back to <c>{CallbackBaseUrl}/api/connections/{provider}/callback</c>, the redirect URI
    /// registered with the provider.
    /// </summary>
    public string? CallbackBaseUrl { get; set; }

    /// <summary>Where the callback sends the browser when it is done (the dashboard's connections page).</summary>
    public string? DashboardUrl { get; set; }

    /// <summary>How far back the first sync after connecting reaches.</summary>
    public int BackfillDays { get; set; } = 730;

    /// <summary>Each later sync fetches again this many days before the last one's end: providers revise scores.</summary>
    public int OverlapDays { get; set; } = 3;

    /// <summary>How often a connected person is synced (spread over the interval by person, so they do not all fire at once).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long a consent started with <c>POST /connections/{provider}</c> may take to come back.</summary>
    public TimeSpan ConsentLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Attempts per provider call: a 429 or 5xx is tried again, after Retry-After or a growing pause.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The longest pause before a retry (a Retry-After beyond it ends the sync with that error, to be tried at the next run).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The options of <paramref name="provider"/> with the provider's public URLs wherever configuration leaves one out.</summary>
    public ProviderOptions For(string provider)
    {
        var configured = provider switch
        {
            SyncProviders.Oura => Oura,
            SyncProviders.Whoop => Whoop,
            _ => throw new ArgumentException($"Unknown provider '{provider}'.", nameof(provider)),
        };
        var defaults = SyncProviders.Get(provider).Defaults;
        return new ProviderOptions
        {
            ApiBaseUrl = Pick(configured.ApiBaseUrl, defaults.ApiBaseUrl),
            AuthorizeUrl = Pick(configured.AuthorizeUrl, defaults.AuthorizeUrl),
            TokenUrl = Pick(configured.TokenUrl, defaults.TokenUrl),
            RevokeUrl = Pick(configured.RevokeUrl, defaults.RevokeUrl),
            Scopes = Pick(configured.Scopes, defaults.Scopes),
            ClientId = configured.ClientId,
            ClientSecret = configured.ClientSecret,
            CallsPerWindow = configured.CallsPerWindow > 0 ? configured.CallsPerWindow : defaults.CallsPerWindow,
            RateWindow = configured.RateWindow > TimeSpan.Zero ? configured.RateWindow : defaults.RateWindow,
        };
    }

    private static string? Pick(string? configured, string? fallback) => string.IsNullOrWhiteSpace(configured) ? fallback : configured;
}

/// <summary>One device cloud's endpoints and this Bio's registration with it.</summary>
public sealed class ProviderOptions
{
    public string? ApiBaseUrl { get; set; }

    public string? AuthorizeUrl { get; set; }

    public string? TokenUrl { get; set; }

    /// <summary>The token revocation endpoint, where the provider has one.</summary>
    public string? RevokeUrl { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Space-separated OAuth scopes to ask for.</summary>
    public string? Scopes { get; set; }

    /// <summary>
    /// Data calls the whole cluster may make to the provider in one <see cref="RateWindow"/> (WHOOP
    /// documents 100 a minute; Oura 5,000 in five minutes). Bio stays under it by spacing the calls.
    /// </summary>
    public int CallsPerWindow { get; set; }

    public TimeSpan RateWindow { get; set; }

    /// <summary>True when Bio is registered with the provider (a client id and secret) and knows its endpoints.</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret) &&
        !string.IsNullOrWhiteSpace(ApiBaseUrl) && !string.IsNullOrWhiteSpace(AuthorizeUrl) && !string.IsNullOrWhiteSpace(TokenUrl);
}
