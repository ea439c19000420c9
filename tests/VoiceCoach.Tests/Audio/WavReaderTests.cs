using VoiceCoach.Audio;
using VoiceCoach.Audio.Wav;
using VoiceCoach.Core.Audio;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Audio;

public sealed class WavReaderTests
{
    [Theory]
    [InlineData(8, false, 1.0 / 128)]
    [InlineData(16, false, 1.0 / 32768)]
    [InlineData(24, false, 1e-6)]
    [InlineData(32, false, 1e-6)]
    [InlineData(32, true, 1e-6)]
    [InlineData(64, true, 1e-6)]
    public void Read_EachSampleEncodingAt16kHz_DecodesSamplesExactly(int bits, bool isFloat, double tolerance)
    {
        var samples = Signals.Sine(440, 16000, 1600, amplitude: 0.7);
        using var stream = new MemoryStream(WavBuilder.Simple(samples, 16000, 1, bits, isFloat));

        var result = WavReader.Read(stream, "tone.wav");

        Assert.Equal(samples.Length, result.Clip.Samples.Length);
        for (var i = 0; i < samples.Length; i++)
        {
            Assert.True(Math.Abs(samples[i] - result.Clip.Samples[i]) <= tolerance, $"sample {i}: {result.Clip.Samples[i]} vs {samples[i]}");
        }

        Assert.Equal(bits, result.Info.BitsPerSample);
        Assert.Equal(isFloat ? SampleEncoding.IeeeFloat : SampleEncoding.Pcm, result.Info.Encoding);
        Assert.Null(result.Info.Warning);
    }

    [Fact]
    public void Read_Stereo_AveragesChannels()
    {
        // Left +0.5, right -0.25 in every frame: the mono mix is 0.125.
        var interleaved = new float[2 * 800];
        for (var i = 0; i < 800; i++)
        {
            interleaved[2 * i] = 0.5f;
            interleaved[(2 * i) + 1] = -0.25f;
        }

        using var stream = new MemoryStream(WavBuilder.Simple(interleaved, 16000, channels: 2));

        var result = WavReader.Read(stream, "stereo.wav");

        Assert.Equal(800, result.Clip.Samples.Length);
        Assert.All(result.Clip.Samples, s => Assert.Equal(0.125f, s, 1e-4f));
        Assert.Equal(2, result.Info.Channels);
    }

    [Fact]
    public void Read_SixChannels_AveragesAllOfThem()
    {
        var interleaved = new float[6 * 100];
        for (var i = 0; i < interleaved.Length; i++)
        {
            interleaved[i] = (i % 6) * 0.1f; // 0 .. 0.5, mean 0.25
        }

        using var stream = new MemoryStream(WavBuilder.Simple(interleaved, 16000, channels: 6, bits: 32, isFloat: true));

        var result = WavReader.Read(stream, "surround.wav");

        Assert.All(result.Clip.Samples, s => Assert.Equal(0.25f, s, 1e-5f));
    }

    [Theory]
    [InlineData(1, 16, 16)] // PCM
    [InlineData(3, 32, 32)] // float
    [InlineData(1, 24, 20)] // 20 valid bits in 24-bit containers
    public void Read_WaveFormatExtensible_UsesTheSubFormat(int subFormat, int bits, int validBits)
    {
        var samples = Signals.Sine(1000, 48000, 4800, amplitude: 0.5);
        var bytes = new WavBuilder()
            .Chunk("fmt ", WavBuilder.FmtExtensible(subFormat, 1, 48000, bits, validBits))
            .Chunk("data", WavBuilder.Encode(samples, bits, subFormat == 3))
            .Build();
        using var stream = new MemoryStream(bytes);

        var result = WavReader.Read(stream, "ext.wav");

        Assert.Equal(1600, result.Clip.Samples.Length);
        Assert.Equal(0.5 / Math.Sqrt(2), Signals.Rms(result.Clip.Samples.AsSpan(200, 1200)), 3);
        Assert.Equal(48000, result.Info.SampleRate);
    }

    [Fact]
    public void Read_UnknownAndOddSizedChunks_AreSkippedWithTheirPadBytes()
    {
        var samples = Signals.Sine(440, 16000, 160, amplitude: 0.5);
        var bytes = new WavBuilder()
            .Chunk("LIST", "INFOISFT\u0005\0\0\0Lavf\0"u8.ToArray())
            .Chunk("fmt ", WavBuilder.Fmt(1, 1, 16000, 16))
            .Chunk("junk", new byte[7]) // odd: one pad byte follows
            .Chunk("data", WavBuilder.Encode(samples, 16, false))
            .Chunk("id3 ", new byte[9])
            .Build();
        using var stream = new MemoryStream(bytes);

        var result = WavReader.Read(stream, "chunks.wav");

        Assert.Equal(160, result.Clip.Samples.Length);
        Assert.Equal(samples[100], result.Clip.Samples[100], 1e-4f);
        Assert.Null(result.Info.Warning);
    }

    [Fact]
    public void Read_OddChunkWithoutPadByte_IsStillFound()
    {
        var samples = Signals.Sine(440, 16000, 160, amplitude: 0.5);
        var bytes = new WavBuilder()
            .Chunk("fmt ", WavBuilder.Fmt(1, 1, 16000, 16))
            .Chunk("note", "abc"u8.ToArray(), pad: false)
            .Chunk("data", WavBuilder.Encode(samples, 16, false))
            .Build();
        using var stream = new MemoryStream(bytes);

        var result = WavReader.Read(stream, "nopad.wav");

        Assert.Equal(160, result.Clip.Samples.Length);
    }

    [Fact]
    public void Read_8BitPcm_IsUnsignedAroundMidpoint()
    {
        var bytes = new WavBuilder()
            .Chunk("fmt ", WavBuilder.Fmt(1, 1, 16000, 8))
            .Chunk("data", [128, 255, 0, 192])
            .Build();
        using var stream = new MemoryStream(bytes);

        var result = WavReader.Read(stream, "u8.wav");

        Assert.Equal([0f, 127 / 128f, -1f, 0.5f], result.Clip.Samples);
    }

    [Fact]
    public void ReadFile_Jfk16kHz_IsReadUnchangedWithItsListChunkSkipped()
    {
        var path = RepoPaths.SharedFile("speech", "jfk", "jfk.wav");

        var result = WavReader.ReadFile(path);

        Assert.Equal(176000, result.Clip.Samples.Length);
        Assert.Equal(TimeSpan.FromSeconds(11), result.Info.Duration);
        Assert.Equal((16000, 1, 16), (result.Info.SampleRate, result.Info.Channels, result.Info.BitsPerSample));
        Assert.InRange(Signals.Rms(result.Clip.Samples), 0.02, 0.5);
    }

    [Fact]
    public void ReadFile_LjSpeech22050Hz_IsResampledTo16kHzKeepingDuration()
    {
        var path = RepoPaths.SharedFile("speech", "ljspeech", "LJ001-0001.wav");

        var result = WavReader.ReadFile(path);

        Assert.Equal(22050, result.Info.SampleRate);
        Assert.Equal((int)Math.Ceiling(212893 * 16000.0 / 22050), result.Clip.Samples.Length);
        Assert.Equal(212893 / 22050.0, result.Info.Duration.TotalSeconds, 6);
        Assert.Equal(result.Info.Duration.TotalSeconds, result.Clip.Duration.TotalSeconds, 3);
    }

    [Fact]
    public void ReadFile_FasterWhisperStereo_IsTheAverageOfItsSplitChannels()
    {
        var stereo = WavReader.ReadFile(RepoPaths.SharedFile("speech", "faster_whisper", "stereo_diarization.wav"));
        var left = WavReader.ReadFile(RepoPaths.SharedFile("speech", "faster_whisper", "stereo_diarization_left.wav")).Clip.Samples;
        var right = WavReader.ReadFile(RepoPaths.SharedFile("speech", "faster_whisper", "stereo_diarization_right.wav")).Clip.Samples;

        Assert.Equal(2, stereo.Info.Channels);
        Assert.Equal(left.Length, stereo.Clip.Samples.Length);
        for (var i = 0; i < left.Length; i++)
        {
            Assert.Equal((left[i] + right[i]) / 2, stereo.Clip.Samples[i], 1e-6f);
        }
    }

    [Fact]
    public void Read_Cancelled_Throws()
    {
        using var stream = new MemoryStream(WavBuilder.Simple(new float[160000], 16000));
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => WavReader.Read(stream, "long.wav", cts.Token));
    }

    [Fact]
    public void WriteThenRead_Clip_RoundTripsWithin16BitQuantisation()
    {
        using var dir = new TempDirectory();
        var path = dir.File("round.wav");
        var clip = new AudioClip(Signals.Sine(300, 16000, 16000, amplitude: 0.9));

        WavWriter.WriteFile(path, clip);
        var back = WavReader.ReadFile(path);

        Assert.Equal(clip.Samples.Length, back.Clip.Samples.Length);
        Assert.Equal(44 + (2 * 16000), new FileInfo(path).Length);
        for (var i = 0; i < clip.Samples.Length; i++)
        {
            Assert.Equal(clip.Samples[i], back.Clip.Samples[i], 1.0f / 16000);
        }
    }

    [Fact]
    public void Write_OutOfRangeSamples_AreClipped()
    {
        using var stream = new MemoryStream();

        WavWriter.Write(stream, [2f, -3f, 0f], 16000);
        stream.Position = 0;
        var back = WavReader.Read(stream, "clip.wav").Clip.Samples;

        Assert.Equal(32767 / 32768f, back[0]);
        Assert.Equal(-32767 / 32768f, back[1]);
        Assert.Equal(0f, back[2]);
    }

    [Fact]
    public void Read_DataSizeDeclaresLessThanTheAudioThatFollows_ReadsItAllWithANote()
    {
        // Arrange: 3 s of tone whose data chunk says 999 bytes (it read 0.03 s and graded "0 words, 0.0 s" silently).
        var wav = WavBuilder.Simple(Signals.Sine(220, 16000, 48000), 16000);
        var data = wav.AsSpan().IndexOf("data"u8);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(data + 4), 999);
        using var stream = new MemoryStream(wav);

        // Act
        var decoded = WavReader.Read(stream, "lie.wav");

        // Assert
        Assert.Equal(48000, decoded.Clip.Samples.Length);
        Assert.Equal("lie.wav: data chunk claims 999 bytes but 96000 bytes of audio follow it; read them all (3.0 s); re-export the file to fix its header", decoded.Clip.Note);
        Assert.Equal(decoded.Clip.Note, decoded.Info.Warning);
    }

    [Fact]
    public void Read_ShortTrailingBytesAfterTheData_KeepsTheDeclaredSizeWithoutANote()
    {
        // Arrange: a few stray bytes after the audio (a writer's padding) are no reason to doubt the header.
        var wav = WavBuilder.Simple(Signals.Sine(220, 16000, 16000), 16000);
        using var stream = new MemoryStream([.. wav, .. new byte[100]]);

        // Act
        var decoded = WavReader.Read(stream, "pad.wav");

        // Assert
        Assert.Equal(16000, decoded.Clip.Samples.Length);
        Assert.Null(decoded.Clip.Note);
    }
}
