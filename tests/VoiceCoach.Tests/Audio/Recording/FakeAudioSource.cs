using System.Runtime.CompilerServices;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Tests.Audio.Recording;

/// <summary>A microphone that plays back a fixed signal in 20 ms frames, then either ends or waits for cancellation.</summary>
internal sealed class FakeAudioSource(float[] signal, bool endless = false) : IAudioSource
{
    public string Name => "fake";

    public AudioLevel Level { get; private set; }

    public int Captures { get; private set; }

    public async IAsyncEnumerable<AudioFrame> CaptureAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Captures++;
        for (var at = 0; at < signal.Length; at += 320)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var frame = new AudioFrame(signal.AsSpan(at, Math.Min(320, signal.Length - at)).ToArray(), TimeSpan.FromSeconds(at / 16000.0));
            Level = frame.Level;
            yield return frame;
            await Task.Yield();
        }

        if (endless)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
