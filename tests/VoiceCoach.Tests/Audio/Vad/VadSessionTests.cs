using VoiceCoach.Audio.Vad;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Audio.Vad;

public sealed class VadSessionTests(SileroVadFixture fixture) : IClassFixture<SileroVadFixture>
{
    private readonly SileroVad _vad = fixture.Vad;

    private static float[] Jfk() => TestWav.Read(RepoPaths.SharedFile("whisper", "golden", "inputs", "jfk.wav"));

    [Fact]
    public void Push_RandomFrameSizes_SameProbabilitiesAsBatch()
    {
        // Arrange
        var samples = Jfk();
        var batch = _vad.ComputeProbabilities(samples);
        var session = _vad.CreateSession();
        var streamed = new List<float>();
        var random = new Random(1234);

        // Act: frames of 1 to 3000 samples, as a capture device might deliver them.
        var offset = 0;
        while (offset < samples.Length)
        {
            var size = Math.Min(random.Next(1, 3001), samples.Length - offset);
            streamed.AddRange(session.Push(samples.AsSpan(offset, size)));
            offset += size;
        }

        if (session.Flush() is { } last)
        {
            streamed.Add(last);
        }

        // Assert: bit for bit, the stream and the batch are the same computation.
        Assert.Equal(batch, streamed);
        Assert.Equal(samples.Length, session.SamplesReceived);
        Assert.Equal(batch.Length, session.WindowsProcessed);
    }

    [Fact]
    public void Push_OneSampleAtATime_SameProbabilitiesAsBatch()
    {
        // Arrange
        var samples = Jfk().AsSpan(0, 16000).ToArray();
        var batch = _vad.ComputeProbabilities(samples);
        var session = _vad.CreateSession();
        var streamed = new List<float>();

        // Act
        foreach (var s in samples)
        {
            session.Push([s], streamed);
        }

        streamed.Add(session.Flush()!.Value);

        // Assert
        Assert.Equal(batch, streamed);
    }

    [Fact]
    public void Reset_AfterAudio_ProbabilitiesAsFromAFreshSession()
    {
        // Arrange
        var samples = Jfk();
        var session = _vad.CreateSession();
        session.Push(samples.AsSpan(0, 40_000));
        var first = _vad.ComputeProbabilities(samples.AsSpan(80_000, 20_480));

        // Act
        session.Reset();
        var again = session.Push(samples.AsSpan(80_000, 20_480));

        // Assert
        Assert.Equal(first, again);
        Assert.Equal(40, session.WindowsProcessed);
    }

    [Fact]
    public void Flush_NothingPending_ReturnsNull()
    {
        // Arrange
        var session = _vad.CreateSession();
        session.Push(new float[1024]);

        // Act
        var last = session.Flush();

        // Assert
        Assert.Null(last);
        Assert.Equal(2, session.WindowsProcessed);
        Assert.Equal(TimeSpan.FromMilliseconds(64), session.Position);
    }

    [Fact]
    public void ComputeProbabilities_PartialLastWindow_OneProbabilityPerStartedWindow()
    {
        // Arrange
        var samples = new float[(3 * 512) + 1];

        // Act
        var probabilities = _vad.ComputeProbabilities(samples);

        // Assert
        Assert.Equal(4, probabilities.Length);
    }

    [Fact]
    public async Task ProcessAsync_FramesOf100Ms_SameProbabilitiesAsBatchAsync()
    {
        // Arrange
        var samples = Jfk();
        var batch = _vad.ComputeProbabilities(samples);
        var session = _vad.CreateSession();

        // Act
        var streamed = new List<float>();
        await foreach (var p in session.ProcessAsync(FramesAsync(samples, 1600)))
        {
            streamed.Add(p);
        }

        // Assert
        Assert.Equal(batch, streamed);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<float>> FramesAsync(float[] samples, int size)
    {
        for (var offset = 0; offset < samples.Length; offset += size)
        {
            await Task.Yield();
            yield return samples.AsMemory(offset, Math.Min(size, samples.Length - offset));
        }
    }
}
