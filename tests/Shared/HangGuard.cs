namespace VoiceCoach.Testing;

/// <summary>
/// How long a test waits for work that must end on its own (a decode, a session run) before it calls it hung. It bounds a
/// deadlock, never a speed: CI shares two cores with other jobs (a load average of 25 has been seen), where a decode that
/// takes a second unloaded can take a minute. Speed is measured by `voicecoach bench`, never by a test's wait.
/// </summary>
internal static class HangGuard
{
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds or <see cref="Limit"/> passes.</summary>
    public static async Task<bool> UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return condition();
    }
}
