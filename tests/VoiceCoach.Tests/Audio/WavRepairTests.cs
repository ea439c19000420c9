using System.Buffers.Binary;
using VoiceCoach.Audio.Wav;

using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Audio;

public sealed class WavRepairTests
{
    [Fact]
    public void Repair_SizesZeroAfterCrash_SetsSizesToTheAudioOnDisk()
    {
        using var dir = new TempDirectory();
        var samples = Signals.Sine(440, 16000, 8000, amplitude: 0.5);
        var bytes = new WavBuilder { RiffSize = 0 }.Chunk("fmt ", WavBuilder.Fmt(1, 1, 16000, 16)).Chunk("data", WavBuilder.Encode(samples, 16, false), declaredSize: 0).Build();
        var path = dir.Write("crash.wav", bytes);

        var result = WavRepair.Repair(path);

        Assert.True(result.NeedsRepair);
        Assert.Equal(0, result.DeclaredDataBytes);
        Assert.Equal(16000, result.ActualDataBytes);
        var fixedBytes = File.ReadAllBytes(path);
        Assert.Equal((uint)(fixedBytes.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(fixedBytes.AsSpan(4)));
        Assert.Equal(16000u, BinaryPrimitives.ReadUInt32LittleEndian(fixedBytes.AsSpan(40)));
        var back = WavReader.ReadFile(path);
        Assert.Null(back.Info.Warning);
        Assert.Equal(8000, back.Clip.Samples.Length);
        Assert.False(WavRepair.Inspect(path).NeedsRepair);
    }

    [Fact]
    public void Repair_StaleSizesAndPartialFrame_CountsAllWholeFramesAndCutsTheRest()
    {
        using var dir = new TempDirectory();
        var data = WavBuilder.Encode(Signals.Sine(440, 16000, 4000, amplitude: 0.5), 16, false);
        var bytes = new WavBuilder { RiffSize = 36 + 2000 }
            .Chunk("fmt ", WavBuilder.Fmt(1, 1, 16000, 16))
            .Chunk("data", [.. data, 0x12], declaredSize: 2000, pad: false)
            .Build();
        var path = dir.Write("stale.wav", bytes);
        Assert.Equal(1000, WavReader.ReadFile(path).Clip.Samples.Length); // before: only the stale size is read

        var result = WavRepair.Repair(path);

        Assert.True(result.NeedsRepair);
        Assert.Equal(8000, result.ActualDataBytes);
        Assert.Equal(44 + 8000, new FileInfo(path).Length);
        Assert.Equal(4000, WavReader.ReadFile(path).Clip.Samples.Length);
    }

    [Fact]
    public void Repair_DataClaimsMoreThanFileHolds_ShrinksTheSizes()
    {
        using var dir = new TempDirectory();
        var bytes = new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(1, 2, 16000, 16)).Chunk("data", new byte[400], declaredSize: 100_000).Build();
        var path = dir.Write("short.wav", bytes);

        var result = WavRepair.Repair(path);

        Assert.True(result.NeedsRepair);
        Assert.Equal(400, result.ActualDataBytes);
        Assert.Null(WavReader.ReadFile(path).Info.Warning);
    }

    [Fact]
    public void Inspect_ConsistentFileWithTrailingChunk_NeedsNoRepairAndIsUnchanged()
    {
        using var dir = new TempDirectory();
        var bytes = new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(1, 1, 16000, 16)).Chunk("data", new byte[400]).Chunk("LIST", new byte[10]).Build();
        var path = dir.Write("good.wav", bytes);

        var result = WavRepair.Repair(path);

        Assert.False(result.NeedsRepair);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void Repair_NotAWav_ThrowsAudioFormatException()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("notes.wav", "just text, no audio here"u8.ToArray());

        Assert.Throws<VoiceCoach.Audio.AudioFormatException>(() => WavRepair.Repair(path));
    }
}
