using Microsoft.Extensions.Time.Testing;

namespace Bio.Tests.Infrastructure;

/// <summary>
/// The people's clock in tests: a <see cref="FakeTimeProvider"/> that can also be set to any instant,
/// earlier ones too, so one silo can live through many calendar dates (a theory over dates). It stands
/// still unless a test moves it. Timers and timestamps (elapsed time) stay real: nothing in Bio waits on
/// the people's clock.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private FakeTimeProvider current = new(start);

    public override DateTimeOffset GetUtcNow() => Volatile.Read(ref current).GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Moves the clock to <paramref name="now"/> (earlier or later).</summary>
    public void Set(DateTimeOffset now) => Volatile.Write(ref current, new FakeTimeProvider(now));

    public void Advance(TimeSpan by) => Volatile.Read(ref current).Advance(by);

    /// <summary>The clock at <paramref name="now"/> until the returned scope ends, then where it was.</summary>
    public IDisposable At(DateTimeOffset now)
    {
        var before = GetUtcNow();
        Set(now);
        return new Restore(this, before);
    }

    /// <summary>The person's local date in <paramref name="timeZone"/> now.</summary>
    public DateOnly Today(string timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(timeZone)).DateTime);

    private sealed class Restore(TestClock clock, DateTimeOffset before) : IDisposable
    {
        public void Dispose() => clock.Set(before);
    }
}
