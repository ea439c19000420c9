using System.Threading.Channels;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Speech.Streaming;

/// <summary>
/// The plumbing every live stream shares: <see cref="Push"/> converts and queues the audio without blocking the
/// capture loop; one background worker (<see cref="RunAsync"/>) reads the queue until it is completed;
/// <see cref="CompleteAsync"/> closes the queue and returns the worker's transcript; disposing an unfinished stream
/// abandons the worker (cancelled) and waits for it to let go of the recogniser.
/// </summary>
/// <typeparam name="T">What a queued piece of audio becomes (float samples, 16-bit PCM).</typeparam>
internal abstract class QueuedTranscriptionStream<T> : ITranscriptionStream
{
    private readonly Channel<T> _queue = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _abandon = new();
    private Task<Transcript>? _worker;
    private bool _completed;

    /// <summary>The queued audio, in order; completed when the stream is.</summary>
    protected ChannelReader<T> Queue => _queue.Reader;

    /// <summary>Cancelled when the stream is disposed unfinished (the token <see cref="RunAsync"/> is given).</summary>
    protected CancellationToken Abandoned => _abandon.Token;

    public void Push(ReadOnlySpan<float> samples)
    {
        if (!samples.IsEmpty && !_completed)
        {
            _queue.Writer.TryWrite(Convert(samples));
        }
    }

    public async Task<Transcript> CompleteAsync(CancellationToken cancellationToken)
    {
        _completed = true;
        _queue.Writer.TryComplete();
        return await Worker.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _completed = true;
        _queue.Writer.TryComplete();
        if (!Worker.IsCompleted)
        {
            await _abandon.CancelAsync();
        }

        try
        {
            await Worker;
        }
        catch (Exception e) when (e is OperationCanceledException or TranscriptionException)
        {
            // Abandoned, or already reported to whoever completed the stream.
        }

        _abandon.Dispose();
    }

    /// <summary>Starts the worker; the derived constructor calls it last, once its own fields are set.</summary>
    protected void StartWorker() => _worker = Task.Run(() => RunAsync(_abandon.Token));

    /// <summary>A copy of the pushed samples in the form the worker reads (the caller reuses its buffer).</summary>
    protected abstract T Convert(ReadOnlySpan<float> samples);

    /// <summary>Reads <see cref="Queue"/> to its end and returns the transcript; cancelled when the stream is abandoned.</summary>
    protected abstract Task<Transcript> RunAsync(CancellationToken cancellationToken);

    private Task<Transcript> Worker => _worker ?? throw new InvalidOperationException("the stream's worker was never started (StartWorker)");
}
