using Bio.Core.Users;
using Microsoft.AspNetCore.Diagnostics;

namespace Bio.Api;

/// <summary>Turns exceptions into problem+json with a human sentence; storage or cluster outages become 503.</summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            UserValidationException e => (StatusCodes.Status400BadRequest, "Invalid request", e.Message),
            BadHttpRequestException e => (e.StatusCode, "Bad request", e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "The upload is larger than Bio accepts (Ingest:MaxUploadBytes)."
                : "The request could not be read: " + e.Message),
            Bio.Core.Agent.ChatRequestException e => (StatusCodes.Status400BadRequest, "Invalid question", e.Message),
            Bio.Core.Query.SqlRefusedException e => (StatusCodes.Status400BadRequest, "Query refused", e.Message),
            Bio.Core.Reports.ReportWeekException e => (StatusCodes.Status400BadRequest, "Invalid week", e.Message),
            Bio.Core.Analytics.NoDataException e => (StatusCodes.Status404NotFound, "No data", e.Message),
            UserAlreadyExistsException e => (StatusCodes.Status409Conflict, "Already exists", e.Message),
            _ when IsOutage(exception) =>
                (StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable",
                 "Bio's storage or compute cluster is not answering right now. Nothing you sent before was lost; try again shortly."),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error", "Something went wrong on Bio's side. It has been logged."),
        };

        if (status >= 500)
        {
            LogFailure(logger, exception, httpContext.Request.Path);
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>
    /// Storage or the cluster not answering, however it arrives: the Azure SDK's retries end in an
    /// AggregateException of RequestFailedExceptions, Orleans wraps a storage provider's failure, and a
    /// refused connection is a RequestFailedException with no status.
    /// </summary>
    public static bool IsOutage(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or System.Net.Sockets.SocketException or HttpRequestException => true,
            Azure.RequestFailedException e => e.Status is 0 or >= 500 || (e.InnerException is { } inner && IsOutage(inner)),
            AggregateException e => e.InnerExceptions.Count > 0 && e.InnerExceptions.All(IsOutage),
            OrleansException { InnerException: { } inner } => IsOutage(inner),
            _ => false,
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request to {Path} failed.")]
    private static partial void LogFailure(ILogger logger, Exception exception, string path);
}
