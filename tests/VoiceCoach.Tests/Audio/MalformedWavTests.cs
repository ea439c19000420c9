using System.Text;
using VoiceCoach.Audio;
using VoiceCoach.Audio.Wav;

using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Audio;

/// <summary>
/// The malformed-file corpus: every broken WAV gives one AudioFormatException line naming the
/// file, the problem and the fix — never a crash, a hang or an allocation sized by the header.
/// </summary>
public sealed class MalformedWavTests
{
    private static readonly byte[] Fmt16 = WavBuilder.Fmt(1, 1, 16000, 16);
    private static readonly byte[] Audio = new byte[320];

    public static TheoryData<string, byte[], string> Corpus => new()
    {
        { "empty", [], "empty file (0 bytes); record again or choose another file" },
        { "text", Encoding.ASCII.GetBytes("hello, this is not audio"), "not a WAV file (starts with 'hell'; expected 'RIFF')" },
        { "riff-only", "RIFF\u0024\0\0\0WA"u8.ToArray(), "truncated header (10 bytes; a WAV file needs at least 44)" },
        { "header-cut", "RIFF\u0024\0\0\0WAVEfmt \u0010\0\0\0\u0001\0\u0001\0"u8.ToArray(), "truncated header (fmt chunk claims 16 bytes, 4 remain)" },
        { "chunk-header-cut", "RIFF\u0024\0\0\0WAVEfm"u8.ToArray(), "truncated header (14 bytes; a WAV file needs at least 44)" },
        { "avi", new WavBuilder { Form = "AVI " }.Chunk("fmt ", Fmt16).Build(), "RIFF file but not WAVE (form type 'AVI ')" },
        { "rf64", new WavBuilder { Magic = "RF64" }.Chunk("fmt ", Fmt16).Build(), "RF64 (64-bit WAV) is not supported by the built-in reader" },
        { "no-fmt", new WavBuilder().Chunk("LIST", new byte[20]).Build(), "no fmt chunk" },
        { "data-before-fmt", new WavBuilder().Chunk("data", Audio).Chunk("fmt ", Fmt16).Build(), "data chunk comes before the fmt chunk" },
        { "no-data", new WavBuilder().Chunk("fmt ", Fmt16).Build(), "no data chunk" },
        { "header-only", new WavBuilder().Chunk("fmt ", Fmt16).Chunk("data", []).Build(), "no audio (the data chunk is empty); record again; the file holds a header only" },
        { "zero-channels", new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(1, 0, 16000, 16, 2)).Chunk("data", Audio).Build(), "0 channels in the fmt chunk" },
        { "65-channels", new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(1, 65, 16000, 16)).Chunk("data", Audio).Build(), "65 channels in the fmt chunk (at most 64 are accepted)" },
        { "rate-0", new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(1, 1, 0, 16)).Chunk("data", Audio).Build(), "sample rate 0 Hz is out of range (1000 Hz to 1000000 Hz)" },
        { "rate-2MHz", new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(1, 1, 2_000_000, 16)).Chunk("data", Audio).Build(), "sample rate 2000000 Hz is out of range" },
        { "bits-12", new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(1, 1, 16000, 12, 2)).Chunk("data", Audio).Build(), "12-bit PCM is not supported (8, 16, 24 or 32 bits); convert it to 16-bit PCM WAV" },
        { "float-16", new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(3, 1, 16000, 16)).Chunk("data", Audio).Build(), "16-bit float is not supported (32 or 64 bits)" },
        { "bad-block-align", new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(1, 2, 16000, 16, 3)).Chunk("data", Audio).Build(), "block align 3 does not match 2 channels of 16 bits" },
        { "fmt-too-small", new WavBuilder().Chunk("fmt ", new byte[8]).Chunk("data", Audio).Build(), "fmt chunk too small (8 bytes; needs at least 16)" },
        { "extensible-too-small", new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(0xFFFE, 1, 16000, 16)).Chunk("data", Audio).Build(), "WAVE_FORMAT_EXTENSIBLE fmt chunk too small (16 bytes; needs 40)" },
        { "extensible-unknown-guid", new WavBuilder().Chunk("fmt ", WavBuilder.FmtExtensible(1, 1, 16000, 16, 16, Guid.Parse("01020304-0506-0708-090a-0b0c0d0e0f10"))).Chunk("data", Audio).Build(), "unknown WAVE_FORMAT_EXTENSIBLE sub-format 01020304-0506-0708-090a-0b0c0d0e0f10" },
        { "list-claims-1GB", new WavBuilder().Chunk("fmt ", Fmt16).Chunk("LIST", new byte[4], declaredSize: 1_000_000_000).Build(), "chunk 'LIST' at byte 36 claims 1000000000 bytes but only 4 remain, and no data chunk came before it" },
        { "fmt-claims-4GB", new WavBuilder().Chunk("fmt ", Fmt16, declaredSize: uint.MaxValue).Build(), "truncated header (fmt chunk claims 4294967295 bytes, 16 remain)" },
        { "adpcm-built-in", new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(2, 1, 16000, 4, 256)).Chunk("data", new byte[512]).Build(), "WAV encoding 0x0002 is not supported by the built-in reader (PCM and IEEE float only)" },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Read_MalformedFile_ThrowsOneLineNamingFileProblemAndFix(string name, byte[] bytes, string expected)
    {
        using var stream = new MemoryStream(bytes);
        var file = name + ".wav";

        var error = Assert.Throws<AudioFormatException>(() => WavReader.Read(stream, file));

        Assert.StartsWith(file + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("; ", error.Message[(file.Length + 2)..], StringComparison.Ordinal); // problem; fix
        Assert.Equal(file, error.FilePath);
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void ReadFile_MalformedFileOnDisk_ThrowsAudioFormatExceptionNamingThePath(string name, byte[] bytes, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.Write(name + ".wav", bytes);

        // No external decoder: ADPCM and RF64 would otherwise go to ffmpeg; the rest are broken whatever is installed.
        var options = new AudioFileReaderOptions { Decoder = ExternalDecoderChoice.None };
        var error = Assert.Throws<AudioFormatException>(() => AudioFileReader.Read(path, options));

        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        switch (name)
        {
            case "adpcm-built-in":
                Assert.EndsWith("cannot read WAV encoding 0x0002 without ffmpeg or sox; install one (apt-get install ffmpeg)", error.Message, StringComparison.Ordinal);
                break;
            case "rf64":
                Assert.EndsWith("cannot read RF64 without ffmpeg or sox; install one (apt-get install ffmpeg)", error.Message, StringComparison.Ordinal);
                break;
            default:
                Assert.Contains(expected, error.Message, StringComparison.Ordinal);
                break;
        }
    }

    [Fact]
    public void Read_DataClaimsMoreThanTheFileHolds_ReadsWholeFramesPresentAndWarns()
    {
        var samples = Signals.Sine(440, 16000, 1000, amplitude: 0.5);
        var data = WavBuilder.Encode(samples, 16, false);
        var bytes = new WavBuilder().Chunk("fmt ", Fmt16).Chunk("data", data.Concat(new byte[] { 7 }).ToArray(), declaredSize: 4000, pad: false).Build();
        using var stream = new MemoryStream(bytes);

        var result = WavReader.Read(stream, "cut.wav");

        Assert.Equal(1000, result.Clip.Samples.Length);
        Assert.Equal("cut.wav: data chunk claims 4000 bytes but the file holds 2001; read the 1000 whole frames present (truncated file?)", result.Info.Warning);
    }

    [Fact]
    public void Read_DataSizeZeroWithAudioFollowing_ReadsItAsAnUnfinishedRecording()
    {
        var data = new byte[3200]; // silence, as a recording usually starts
        var bytes = new WavBuilder { RiffSize = 36 }.Chunk("fmt ", Fmt16).Chunk("data", data, declaredSize: 0).Build();
        using var stream = new MemoryStream(bytes);

        var result = WavReader.Read(stream, "crash.wav");

        Assert.Equal(1600, result.Clip.Samples.Length);
        Assert.Contains("data chunk size is 0 but 3200 bytes follow (an unfinished recording?)", result.Info.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DataSizeMaxValueAsWrittenByPipes_ReadsEverythingWithoutWarning()
    {
        var bytes = new WavBuilder { RiffSize = uint.MaxValue }.Chunk("fmt ", Fmt16).Chunk("data", new byte[640], declaredSize: uint.MaxValue).Build();
        using var stream = new MemoryStream(bytes);

        var result = WavReader.Read(stream, "pipe.wav");

        Assert.Equal(320, result.Clip.Samples.Length);
        Assert.Null(result.Info.Warning);
    }

    [Fact]
    public void Read_HugeDeclaredSizesInATinyFile_AllocatesOnlyForWhatIsThere()
    {
        var bytes = new WavBuilder { RiffSize = uint.MaxValue }.Chunk("fmt ", WavBuilder.Fmt(1, 64, 8000, 8)).Chunk("data", new byte[128], declaredSize: uint.MaxValue - 1).Build();
        using var stream = new MemoryStream(bytes);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = WavReader.Read(stream, "liar.wav");

        Assert.Equal(4, result.Clip.Samples.Length); // 2 frames at 8 kHz = 4 samples at 16 kHz
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 4_000_000);
        Assert.NotNull(result.Info.Warning);
    }
}
