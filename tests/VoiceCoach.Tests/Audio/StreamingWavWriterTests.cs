using System.Buffers.Binary;
using VoiceCoach.Audio.Wav;

using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Audio;

public sealed class StreamingWavWriterTests
{
    [Fact]
    public void Write_AtAnyMoment_FileOnDiskIsAValidWavMissingLessThanOneSecond()
    {
        using var dir = new TempDirectory();
        var path = dir.File("rec.wav");
        var frame = Signals.Sine(440, 16000, 320, amplitude: 0.3); // 20 ms frames, as capture delivers
        using var writer = new StreamingWavWriter(path, options: new StreamingWavWriterOptions { FlushToDisk = false });

        for (var i = 0; i < 250; i++) // 5 s
        {
            writer.Write(frame);

            // What a reader (or a crash) would see right now, read beside the open writer.
            var bytes = File.ReadAllBytes(path);
            var declared = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40));
            Assert.Equal((uint)(bytes.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
            Assert.Equal(44 + declared, (uint)bytes.Length);
            var missing = writer.Duration - TimeSpan.FromSeconds(declared / 2 / 16000.0);
            Assert.InRange(missing, TimeSpan.Zero, TimeSpan.FromSeconds(1));
            if (declared > 0)
            {
                var onDisk = WavReader.ReadFile(path);
                Assert.Equal((int)(declared / 2), onDisk.Clip.Samples.Length);
                Assert.Null(onDisk.Info.Warning);
            }
        }
    }

    [Fact]
    public void Dispose_WritesFinalSizes()
    {
        using var dir = new TempDirectory();
        var path = dir.File("rec.wav");
        var writer = new StreamingWavWriter(path);

        writer.Write(Signals.Sine(440, 16000, 12345, amplitude: 0.3));
        writer.Dispose();

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(44 + (2 * 12345), bytes.Length);
        Assert.Equal((uint)(bytes.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(2u * 12345, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)));
        Assert.False(WavRepair.Inspect(path).NeedsRepair);
    }

    [Fact]
    public void Write_FreshFile_HasAValidHeaderBeforeAnyAudio()
    {
        using var dir = new TempDirectory();
        var path = dir.File("rec.wav");
        using var writer = new StreamingWavWriter(path);

        var bytes = File.ReadAllBytes(path);

        Assert.Equal(44, bytes.Length);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(36u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
    }

    [Fact]
    public void Write_OneLongBuffer_IsCommittedInPiecesNoLongerThanTheInterval()
    {
        using var stream = new CommitCountingStream();
        using var writer = new StreamingWavWriter(stream, options: new StreamingWavWriterOptions { CommitInterval = TimeSpan.FromSeconds(0.5) });

        writer.Write(new float[16000 * 3]); // 3 s in one call

        Assert.Equal(6, stream.HeaderRewrites);
    }

    [Fact]
    public void Write_SlowTrickle_CommitsWhenTheWallClockIntervalPasses()
    {
        var clock = new ManualClock();
        using var stream = new CommitCountingStream();
        using var writer = new StreamingWavWriter(stream, options: new StreamingWavWriterOptions { TimeProvider = clock });

        writer.Write(new float[160]);
        Assert.Equal(0, stream.HeaderRewrites);
        clock.Advance(TimeSpan.FromMilliseconds(600));
        writer.Write(new float[160]);

        Assert.Equal(1, stream.HeaderRewrites);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    /// <summary>Counts writes of the data-size field at byte 40 after the initial header.</summary>
    private sealed class CommitCountingStream : MemoryStream
    {
        private bool _headerWritten;

        public int HeaderRewrites { get; private set; }

        // MemoryStream's span overload calls back into this one for derived types.
        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (_headerWritten && Position == 40 && count == 4)
            {
                HeaderRewrites++;
            }

            _headerWritten |= Position == 0 && count >= 44;
            base.Write(buffer, offset, count);
        }
    }
}
