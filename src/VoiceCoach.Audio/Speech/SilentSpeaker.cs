using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Speech;

/// <summary>
/// The speaker for `--no-speak`: says nothing, prints nothing, and returns at once (the question is
/// shown on screen instead). Stateless; <see cref="Instance"/> can be shared.
/// </summary>
public sealed class SilentSpeaker : ISpeaker
{
    /// <summary>The shared instance.</summary>
    public static SilentSpeaker Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "silent";

    /// <inheritdoc/>
    public Task SpeakAsync(string text, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;
}
