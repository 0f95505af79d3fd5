using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry.Trace;

namespace Bio.ServiceDefaults;

/// <summary>
/// Decides for spans that have no parent. A trace starts where work comes in (a request, a message, a
/// reminder); a storage or HTTP call with nothing above it is background chatter (Orleans' membership
/// table polling, health probes of storage, Orleans' own once-a-second timer ticks) that would bury the
/// requests in the dashboard, so it is dropped: root client spans, root Azure SDK operation spans
/// ("TableClient.Query") and grain timer ticks. Bio's scheduled work runs on reminders, which stay.
/// Children follow their parent's decision through <see cref="ParentBasedSampler"/>.
/// </summary>
public sealed partial class RequestRootSampler : Sampler
{
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);
    private static readonly SamplingResult Keep = new(SamplingDecision.RecordAndSample);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind == ActivityKind.Client ||
        (samplingParameters.Kind == ActivityKind.Internal && AzureOperation().IsMatch(samplingParameters.Name)) ||
        samplingParameters.Name.StartsWith("IGrainTimerInvoker/", StringComparison.Ordinal)
            ? Drop
            : Keep;

    [GeneratedRegex(@"^[A-Za-z]+Client\.[A-Za-z]+$")]
    private static partial Regex AzureOperation();
}
