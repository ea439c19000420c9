using VoiceCoach.Audio.Vad;

namespace VoiceCoach.Tests.Audio.Vad;

/// <summary>Loads the trained model once for a test class.</summary>
public sealed class SileroVadFixture : IDisposable
{
    public SileroVadFixture() => Vad = SileroVad.Load(VadGolden.ModelPath);

    public SileroVad Vad { get; }

    public void Dispose() => Vad.Dispose();
}
