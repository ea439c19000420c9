using VoiceCoach.Core.Audio;

namespace VoiceCoach.Tests.Audio.Speech;

/// <summary>A loudspeaker that records what it was asked to play; playback waits for <see cref="Gate"/> when set.</summary>
internal sealed class RecordingAudioSink : IAudioSink
{
    private readonly List<AudioClip> _played = [];

    public string Name => "fake sink";

    /// <summary>When set, playback lasts until this task completes (or is cancelled).</summary>
    public Task? Gate { get; set; }

    public IReadOnlyList<AudioClip> Played => _played;

    public async Task PlayAsync(AudioClip clip, CancellationToken cancellationToken = default)
    {
        _played.Add(clip);
        if (Gate is not null)
        {
            await Gate.WaitAsync(cancellationToken);
        }
    }
}

/// <summary>A synthesizer that returns a fixed clip and records the texts; synthesis waits for <see cref="Gate"/> when set.</summary>
internal sealed class FixedSpeechSynthesizer(AudioClip clip) : ISpeechSynthesizer
{
    private readonly List<string> _texts = [];

    public string Name => "fake voice";

    public Task? Gate { get; set; }

    public IReadOnlyList<string> Texts => _texts;

    public async Task<AudioClip> SynthesizeAsync(string text, CancellationToken cancellationToken = default)
    {
        _texts.Add(text);
        if (Gate is not null)
        {
            await Gate.WaitAsync(cancellationToken);
        }

        return clip;
    }
}
