using System.Threading.Channels;

namespace VoiceCoach.Practice;

/// <summary>
/// Commands sent to a session from any thread (a key, a button on the page), read by the session loop while an
/// answer is recorded. A wake-up without a command (Ctrl+C) lets the loop notice cancellation at once.
/// </summary>
internal sealed class CommandInbox
{
    private readonly Channel<SessionCommand?> _channel = Channel.CreateUnbounded<SessionCommand?>(new UnboundedChannelOptions { SingleReader = true });

    public void Send(SessionCommand command) => _channel.Writer.TryWrite(command);

    /// <summary>Wakes the reader without a command.</summary>
    public void Wake() => _channel.Writer.TryWrite(null);

    /// <summary>The next command, skipping wake-ups.</summary>
    public bool TryRead(out SessionCommand command)
    {
        while (_channel.Reader.TryRead(out var next))
        {
            if (next is { } c)
            {
                command = c;
                return true;
            }
        }

        command = default;
        return false;
    }

    /// <summary>Completes when a command or a wake-up is waiting.</summary>
    public Task WaitAsync() => _channel.Reader.WaitToReadAsync(CancellationToken.None).AsTask();
}
