using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;

namespace Bio.Core.Sync;

/// <summary>A provider's tokens for one person: the access token, the refresh token (WHOOP rotates it: keep the newest), when the access token ends.</summary>
public sealed record TokenSet(string AccessToken, string? RefreshToken, DateTimeOffset? ExpiresAt, string? Scope);

/// <summary>One page of a collection as the provider sent it: kept whole in bronze, imported by the JSON importers.</summary>
public sealed record FetchedPage(string Collection, int Number, byte[] Content, int Items, string? Problem);

/// <summary>Why a call to a provider failed, in words a person can act on.</summary>
public sealed class ProviderException(string message, bool reconnect = false, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when only connecting again helps (a refresh token refused, access revoked).</summary>
    public bool Reconnect { get; } = reconnect;
}

/// <summary>
/// The OAuth 2.0 authorization-code flow with PKCE and the paged data calls of a device cloud, through
/// Duende.IdentityModel's client (no hand-rolled token requests). Every URL comes from
/// <see cref="SyncOptions"/>. A 429 is tried again after its Retry-After, a 5xx after a growing pause, up
/// to <see cref="SyncOptions.MaxAttempts"/>; a 401 on a data call is <see cref="UnauthorizedException"/>
/// (the caller refreshes once and asks again). Tokens never reach a log or a trace from here.
/// </summary>
public sealed class ProviderClient(HttpClient http, SyncOptions options, TimeProvider time)
{
    /// <summary>The access token was refused on a data call.</summary>
    public sealed class UnauthorizedException(string provider) : Exception($"{SyncProviders.Get(provider).Name} refused the access token.");

    /// <summary>A PKCE verifier (43 characters of base64url) and its S256 challenge (RFC 7636).</summary>
    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = CryptoRandom.CreateUniqueId(32, CryptoRandom.OutputFormat.Base64Url);
        return (verifier, Challenge(verifier));
    }

    public static string Challenge(string verifier) => System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>The provider's consent page for this person, carrying the state and the PKCE challenge.</summary>
    public string AuthorizeUrl(string provider, string state, string challenge, string redirectUri)
    {
        var o = Configured(provider);
        return new RequestUrl(o.AuthorizeUrl!).CreateAuthorizeUrl(
            clientId: o.ClientId!, responseType: OidcConstants.ResponseTypes.Code, scope: o.Scopes, redirectUri: redirectUri, state: state,
            codeChallenge: challenge, codeChallengeMethod: OidcConstants.CodeChallengeMethods.Sha256);
    }

    /// <summary>Exchanges the code the consent page sent back for tokens.</summary>
    public async Task<TokenSet> ExchangeCodeAsync(string provider, string code, string verifier, string redirectUri, CancellationToken ct = default)
    {
        var o = Configured(provider);
        var response = await http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = o.TokenUrl, ClientId = o.ClientId!, ClientSecret = o.ClientSecret, ClientCredentialStyle = ClientCredentialStyle.PostBody,
            Code = code, RedirectUri = redirectUri, CodeVerifier = verifier,
        }, ct);
        return Tokens(provider, response, "exchanging the consent code", previousRefresh: null);
    }

    /// <summary>New tokens from the refresh token; the provider may rotate the refresh token too (WHOOP does), so keep what this returns.</summary>
    public async Task<TokenSet> RefreshAsync(string provider, string refreshToken, CancellationToken ct = default)
    {
        var o = Configured(provider);
        var response = await http.RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = o.TokenUrl, ClientId = o.ClientId!, ClientSecret = o.ClientSecret, ClientCredentialStyle = ClientCredentialStyle.PostBody,
            RefreshToken = refreshToken, Scope = o.Scopes?.Contains("offline", StringComparison.Ordinal) == true ? "offline" : null,
        }, ct);
        return Tokens(provider, response, "renewing access", previousRefresh: refreshToken);
    }

    /// <summary>
    /// Revokes Bio's access at the provider: its OAuth revocation endpoint (Oura), or its own call that
    /// ends the app's access (WHOOP: <c>DELETE /v2/user/access</c>); false when it has neither or refused.
    /// </summary>
    public async Task<bool> RevokeAsync(string provider, TokenSet tokens, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var o = Configured(provider);
        if (string.IsNullOrWhiteSpace(o.RevokeUrl))
        {
            if (SyncProviders.Get(provider).RevokeAccessPath is not { } path)
            {
                return false;
            }

            using var request = new HttpRequestMessage(HttpMethod.Delete, o.ApiBaseUrl!.TrimEnd('/') + path);
            request.SetBearerToken(tokens.AccessToken);
            using var answer = await http.SendAsync(request, ct);
            return answer.IsSuccessStatusCode;
        }

        var response = await http.RevokeTokenAsync(new TokenRevocationRequest
        {
            Address = o.RevokeUrl, ClientId = o.ClientId!, ClientSecret = o.ClientSecret, ClientCredentialStyle = ClientCredentialStyle.PostBody,
            Token = tokens.RefreshToken ?? tokens.AccessToken, TokenTypeHint = tokens.RefreshToken is null ? "access_token" : "refresh_token",
        }, ct);
        return !response.IsError;
    }

    /// <summary>
    /// The pages of one collection between two days (inclusive), following the provider's next token.
    /// A page that cannot be read as the provider's envelope is given with its <see cref="FetchedPage.Problem"/>
    /// (it is kept in bronze and its import says why) and ends the collection.
    /// </summary>
    /// <param name="pace">Awaited before every call, retries included (the cluster's call budget for the provider).</param>
    public async IAsyncEnumerable<FetchedPage> PagesAsync(string provider, string collection, DateOnly from, DateOnly to, string accessToken,
        Func<Task>? pace = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var o = Configured(provider);
        var p = SyncProviders.Get(provider);
        string? next = null;
        var number = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            number++;
            var url = o.ApiBaseUrl!.TrimEnd('/') + p.PagePath(collection, from, to, next);
            var content = await GetAsync(provider, url, accessToken, pace, ct);
            var (items, nextToken, problem) = Read(p, content);
            yield return new FetchedPage(collection, number, content, items, problem);
            next = problem is null && !string.IsNullOrEmpty(nextToken) && seen.Add(nextToken) ? nextToken : null;
        }
        while (next is not null);
    }

    private static (int Items, string? Next, string? Problem) Read(SyncProvider p, byte[] content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty(p.ItemsProperty, out var items) || items.ValueKind != JsonValueKind.Array)
            {
                return (0, null, $"{p.Name} sent a page without its \"{p.ItemsProperty}\" list.");
            }

            var next = document.RootElement.TryGetProperty(p.NextTokenProperty, out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
            return (items.GetArrayLength(), next, null);
        }
        catch (JsonException e)
        {
            return (0, null, $"{p.Name} sent a page that is not JSON ({e.Message}).");
        }
    }

    private async Task<byte[]> GetAsync(string provider, string url, string accessToken, Func<Task>? pace, CancellationToken ct)
    {
        var name = SyncProviders.Get(provider).Name;
        for (var attempt = 1; ; attempt++)
        {
            if (pace is not null)
            {
                await pace();
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.SetBearerToken(accessToken);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                // Unreachable, or no answer within the client's timeout: retried, then the provider's failure.
                if (attempt < options.MaxAttempts)
                {
                    await Task.Delay(Backoff(attempt), time, ct);
                    continue;
                }

                throw new ProviderException(e is HttpRequestException ? $"{name} could not be reached ({e.Message})." : $"{name} did not answer in time.", inner: e);
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadAsByteArrayAsync(ct);
                }

                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    throw new UnauthorizedException(provider);
                }

                var retryable = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
                if (!retryable)
                {
                    throw new ProviderException($"{name} answered {(int)response.StatusCode} {response.ReasonPhrase} to a data request.",
                        reconnect: response.StatusCode == HttpStatusCode.Forbidden);
                }

                var wait = RetryAfter(response) ?? Backoff(attempt);
                if (attempt >= options.MaxAttempts || wait > options.MaxRetryDelay)
                {
                    throw new ProviderException(response.StatusCode == HttpStatusCode.TooManyRequests
                        ? $"{name} asked Bio to slow down (429) {attempt} times; the sync goes on at its next run."
                        : $"{name} failed ({(int)response.StatusCode}) {attempt} times; the sync goes on at its next run.");
                }

                await Task.Delay(wait, time, ct);
            }
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        return header.Date is { } at ? TimeSpan.FromTicks(Math.Max(0, (at - time.GetUtcNow()).Ticks)) : null;
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt - 1));

    private TokenSet Tokens(string provider, TokenResponse response, string doing, string? previousRefresh)
    {
        var name = SyncProviders.Get(provider).Name;
        if (response.IsError)
        {
            // invalid_grant (a code or refresh token used, expired or revoked) and 400/401 from the token endpoint: only connecting again helps.
            var refused = response.Error is OidcConstants.TokenErrors.InvalidGrant or OidcConstants.TokenErrors.InvalidClient or OidcConstants.TokenErrors.UnauthorizedClient
                || response.HttpStatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized;
            throw new ProviderException(refused
                ? $"{name} refused Bio's request when {doing} ({response.Error ?? ((int)response.HttpStatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)}): connect {name} again."
                : $"{name} could not be reached when {doing} ({response.Error}).", reconnect: refused);
        }

        if (string.IsNullOrEmpty(response.AccessToken))
        {
            throw new ProviderException($"{name} sent no access token when {doing}.");
        }

        return new TokenSet(response.AccessToken, response.RefreshToken ?? previousRefresh,
            response.ExpiresIn > 0 ? time.GetUtcNow().AddSeconds(response.ExpiresIn) : null, response.Scope);
    }

    private ProviderOptions Configured(string provider)
    {
        var o = options.For(provider);
        return o.IsConfigured ? o : throw new ProviderException($"{SyncProviders.Get(provider).Name} is not configured on this Bio: it needs Bio:Sync:{char.ToUpperInvariant(provider[0])}{provider[1..]}:ClientId and its client secret.");
    }
}
