using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bio.Core.Query;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace Bio.Core.Agent;

/// <summary>
/// Every tool call of a request passes here, whichever engine made it: recorded for the answer's
/// <c>functions</c> (name, arguments, outcome, rows, time) and logged for audit. The log carries the
/// function, the outcome, the row count and a hash of any SQL, never the values or the SQL's text
/// (health data stays out of logs).
/// </summary>
public sealed partial class ToolAudit(ILogger logger, string user) : IFunctionInvocationFilter
{
    private readonly List<ToolCall> calls = [];
    private readonly Dictionary<int, string> results = [];

    public IReadOnlyList<ToolCall> Calls => calls;

    /// <summary>Each successful call's result as JSON text (what a chat model saw), by call index.</summary>
    public IReadOnlyDictionary<int, string> Results => results;

    /// <summary>Called after each recorded call (the SSE stream reports progress with it).</summary>
    public Action<ToolCall>? OnCall { get; set; }

    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var arguments = context.Arguments.ToDictionary(a => a.Key, a => a.Value is null ? null : Convert.ToString(a.Value, System.Globalization.CultureInfo.InvariantCulture));
        var name = context.Function.Name;
        var sqlHash = arguments.TryGetValue("sql", out var sql) && sql is not null ? Hash(sql) : null;
        var clock = Stopwatch.StartNew();
        try
        {
            await next(context);
            var value = context.Result.GetValue<object>();
            var json = value switch
            {
                null => "null",
                string s => s,
                JsonElement e => e.GetRawText(),
                _ => JsonSerializer.Serialize(value, value.GetType(), Json),
            };
            var rows = value is JsonElement element ? RowCount(element) : value is System.Collections.ICollection c ? c.Count : (int?)null;
            Record(new ToolCall(name, arguments, "ok", rows, clock.Elapsed.TotalMilliseconds), json);
            LogCall(logger, user, name, "ok", rows, sqlHash);
        }
        catch (Exception e) when (e is SqlRefusedException or ArgumentException or Analytics.NoDataException)
        {
            Record(new ToolCall(name, arguments, e is SqlRefusedException ? "refused" : "no_data", null, clock.Elapsed.TotalMilliseconds, e.Message), null);
            LogCall(logger, user, name, e is SqlRefusedException ? "refused" : "no_data", null, sqlHash);
            throw;
        }
        catch (Exception e)
        {
            Record(new ToolCall(name, arguments, "error", null, clock.Elapsed.TotalMilliseconds, e.GetType().Name), null);
            LogCall(logger, user, name, "error", null, sqlHash);
            throw;
        }
    }

    private void Record(ToolCall call, string? json)
    {
        lock (calls)
        {
            if (json is not null)
            {
                results[calls.Count] = json;
            }

            calls.Add(call);
        }

        BioTelemetry.ToolCalls.Add(1, new KeyValuePair<string, object?>("function", call.Name), new KeyValuePair<string, object?>("outcome", call.Outcome));
        OnCall?.Invoke(call);
    }

    private static int? RowCount(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.GetArrayLength()
        : e.ValueKind == JsonValueKind.Object && e.TryGetProperty("rows", out var rows) && rows.ValueKind == JsonValueKind.Array ? rows.GetArrayLength()
        : null;

    /// <summary>A short SHA-256 of a statement: the same statement always gets the same hash.</summary>
    public static string Hash(string sql) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)))[..16];

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Agent tool {Function} for {User}: {Outcome}, rows {Rows}, sql {SqlHash}")]
    private static partial void LogCall(ILogger logger, string user, string function, string outcome, int? rows, string? sqlHash);
}
