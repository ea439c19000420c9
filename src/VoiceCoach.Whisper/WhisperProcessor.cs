using System.Runtime.CompilerServices;

namespace VoiceCoach.Whisper;

/// <summary>
/// Transcribes audio with the settings of the builder that made it. Cheap: it shares the factory's
/// model, which must outlive it. Calls to <see cref="ProcessAsync"/> are independent and may run at
/// once. Disposing it only marks it unusable (it owns nothing native).
/// </summary>
public sealed class WhisperProcessor : IDisposable, IAsyncDisposable
{
    private readonly IWhisperInference _inference;
    private readonly WhisperTokenizer _tokenizer;
    private bool _disposed;

    internal WhisperProcessor(IWhisperInference inference, WhisperTokenizer tokenizer, WhisperDecodingOptions options)
    {
        _inference = inference;
        _tokenizer = tokenizer;
        Options = options;
    }

    internal WhisperDecodingOptions Options { get; }

    /// <summary>
    /// Transcribes 16 kHz mono float samples, yielding segments as each 30 s window is decoded. The
    /// work runs on the thread pool; cancellation is observed inside the encoder and decoder, so it
    /// stops a window part-way.
    /// </summary>
    public async IAsyncEnumerable<WhisperSegment> ProcessAsync(ReadOnlyMemory<float> samples, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var loop = new WhisperTranscriptionLoop(_inference, _tokenizer, Options);
        using var segments = loop.Run(samples, cancellationToken).GetEnumerator();
        while (await Task.Run(segments.MoveNext, cancellationToken).ConfigureAwait(false))
        {
            yield return segments.Current;
        }
    }

    public void Dispose() => _disposed = true;

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
