using Microsoft.Extensions.Time.Testing;

namespace VoiceCoach.Tests.Llm;

/// <summary>
/// Fake time that also tells when a timer is armed, so a test moves the clock only once the code under
/// test is waiting on it: time never passes by itself, and nothing depends on how fast the machine is.
/// Timers are armed when created with a due time or changed to one (a CancellationTokenSource's CancelAfter).
/// </summary>
internal sealed class WatchedClock : FakeTimeProvider
{
    /// <summary>How long a test waits for a timer that must come; only broken code waits this long.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    private readonly List<TimeSpan> _armed = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WatchedClock()
        : base(new DateTimeOffset(2026, 11, 22, 19, 30, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Armed(dueTime);
        return new Watched(base.CreateTimer(callback, state, dueTime, period), this);
    }

    /// <summary>Waits until the <paramref name="nth"/> timer due <paramref name="due"/> from its arming has been armed.</summary>
    public async Task WaitForTimerAsync(TimeSpan due, int nth = 1)
    {
        while (true)
        {
            Task changed;
            lock (_armed)
            {
                if (_armed.Count(d => d == due) >= nth)
                {
                    return;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(Guard);
            }
            catch (TimeoutException)
            {
                lock (_armed)
                {
                    throw new TimeoutException($"no timer due in {due} was armed {nth} time(s); armed: {string.Join(", ", _armed)}");
                }
            }
        }
    }

    private void Armed(TimeSpan due)
    {
        if (due == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        TaskCompletionSource changed;
        lock (_armed)
        {
            _armed.Add(due);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.SetResult();
    }

    private sealed class Watched(ITimer inner, WatchedClock clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Armed(dueTime);
            return inner.Change(dueTime, period);
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
