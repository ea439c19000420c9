using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Speech;

/// <summary>
/// Speaks through the product's own playback path: synthesizes the text to a clip, then plays
/// the clip on an <see cref="IAudioSink"/>. <see cref="SpeakAsync"/> completes only after
/// playback has finished, so callers can start capturing as soon as it returns (never capture
/// while speaking). The speaker owns neither the synthesizer nor the sink: the caller disposes
/// them if they need it. One utterance at a time per sink.
/// </summary>
public sealed class Speaker : ISpeaker
{
    private readonly ISpeechSynthesizer _synthesizer;
    private readonly IAudioSink _sink;

    /// <summary>Speaks with <paramref name="synthesizer"/> on <paramref name="sink"/>.</summary>
    public Speaker(ISpeechSynthesizer synthesizer, IAudioSink sink)
    {
        ArgumentNullException.ThrowIfNull(synthesizer);
        ArgumentNullException.ThrowIfNull(sink);
        _synthesizer = synthesizer;
        _sink = sink;
    }

    /// <inheritdoc/>
    public string Name => $"{_synthesizer.Name} → {_sink.Name}";

    /// <summary>Synthesizes and plays <paramref name="text"/>; blank text is silence and returns at once.</summary>
    /// <inheritdoc cref="ISpeaker.SpeakAsync" path="/exception"/>
    public async Task SpeakAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        cancellationToken.ThrowIfCancellationRequested();
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var clip = await _synthesizer.SynthesizeAsync(text, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        await _sink.PlayAsync(clip, cancellationToken);
    }
}
