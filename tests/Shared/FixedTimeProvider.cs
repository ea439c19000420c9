namespace VoiceCoach.Testing;

/// <summary>A clock stopped at one instant, in UTC, so reports are byte-for-byte reproducible.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
