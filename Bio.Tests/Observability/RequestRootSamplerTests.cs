using System.Diagnostics;
using Bio.ServiceDefaults;
using OpenTelemetry.Trace;

namespace Bio.Tests.Observability;

public sealed class RequestRootSamplerTests
{
    private static SamplingDecision Decide(string name, ActivityKind kind) =>
        new RequestRootSampler().ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), name, kind)).Decision;

    [Theory]
    [InlineData("POST /api/users", ActivityKind.Server)]
    [InlineData("IUserGrain/CreateAsync", ActivityKind.Server)]
    [InlineData("daily-forecast", ActivityKind.Internal)]
    [InlineData("IRemindable/ReceiveReminder", ActivityKind.Server)]
    [InlineData("import", ActivityKind.Consumer)]
    public void KeepsTracesThatStartWhereWorkComesIn(string name, ActivityKind kind) =>
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(name, kind));

    [Theory]
    [InlineData("GET", ActivityKind.Client)]
    [InlineData("IMembershipService/Ping", ActivityKind.Client)]
    [InlineData("TableClient.Query", ActivityKind.Internal)]
    [InlineData("BlobContainerClient.CreateIfNotExists", ActivityKind.Internal)]
    [InlineData("IGrainTimerInvoker/InvokeCallbackAsync", ActivityKind.Server)]
    public void DropsBackgroundCallsWithNothingAboveThem(string name, ActivityKind kind) =>
        Assert.Equal(SamplingDecision.Drop, Decide(name, kind));
}
