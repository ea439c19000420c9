using VoiceCoach.Audio;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Audio;

/// <summary>
/// The file entry point: WAV through the built-in reader, everything else through ffmpeg or sox.
/// These tests need ffmpeg and sox installed (CI installs them).
/// </summary>
public sealed class AudioFileReaderTests
{
    private static readonly string JfkWav = RepoPaths.SharedFile("speech", "jfk", "jfk.wav");
    private static readonly string JfkFlac = RepoPaths.SharedFile("speech", "jfk", "jfk_openai.flac");

    [Theory]
    [InlineData(ExternalDecoderChoice.Ffmpeg, "ffmpeg")]
    [InlineData(ExternalDecoderChoice.Sox, "sox")]
    public void Read_JfkFlac44kStereo_MatchesJfkWavAfterAlignment(ExternalDecoderChoice decoder, string tool)
    {
        var reference = AudioFileReader.ReadClip(JfkWav).Samples;

        var flac = AudioFileReader.Read(JfkFlac, new AudioFileReaderOptions { Decoder = decoder });

        Assert.Equal(tool, flac.Info.Decoder);
        Assert.Equal((44100, 2, 24), (flac.Info.SampleRate, flac.Info.Channels, flac.Info.BitsPerSample));
        Assert.Equal("FLAC", flac.Info.Container);
        Assert.Equal(11.0, flac.Clip.Duration.TotalSeconds, 2);
        var (lag, correlation) = Signals.BestLag(reference, flac.Clip.Samples, 800);
        Assert.True(correlation >= 0.99, $"correlation {correlation:F4} at lag {lag}");
    }

    [Fact]
    public void ReadClip_Wav_UsesTheBuiltInReader()
    {
        var result = AudioFileReader.Read(JfkWav);

        Assert.Equal("managed", result.Info.Decoder);
        Assert.Equal(176000, result.Clip.Samples.Length);
        Assert.Equal(JfkWav, result.Clip.Source);
    }

    [Fact]
    public void Read_NonWavWithoutDecoder_NamesWhatToInstall()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("answer.mp3", [.. "ID3"u8, 3, 0, 0, 0, 0, 0, 0]);
        var options = new AudioFileReaderOptions { ToolSearchPath = dir.Path };

        var error = Assert.Throws<AudioFormatException>(() => AudioFileReader.Read(path, options));

        Assert.Equal($"{path}: cannot read MP3 without ffmpeg or sox; install one (apt-get install ffmpeg)", error.Message);
    }

    [Fact]
    public void Read_FlacNamedWavWithoutDecoder_IsRecognisedByItsBytes()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("answer.wav", File.ReadAllBytes(JfkFlac));

        var error = Assert.Throws<AudioFormatException>(() => AudioFileReader.Read(path, new AudioFileReaderOptions { Decoder = ExternalDecoderChoice.None }));

        Assert.Equal($"{path}: cannot read FLAC without ffmpeg or sox; install one (apt-get install ffmpeg)", error.Message);
    }

    [Fact]
    public void Read_CorruptFlac_ReportsTheDecodersReasonOnOneLine()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("broken.flac", [.. "fLaC"u8, .. new byte[200]]);

        var error = Assert.Throws<AudioFormatException>(() => AudioFileReader.Read(path));

        Assert.StartsWith($"{path}: ffmpeg could not decode it (", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Read_AdpcmWav_IsDecodedThroughFfmpeg()
    {
        using var dir = new TempDirectory();
        var path = dir.File("adpcm.wav");
        RunTool("ffmpeg", "-nostdin", "-loglevel", "error", "-i", JfkWav, "-c:a", "adpcm_ima_wav", path);
        var reference = AudioFileReader.ReadClip(JfkWav).Samples;

        var result = AudioFileReader.Read(path);

        Assert.Equal("ffmpeg", result.Info.Decoder);
        Assert.Equal(("WAV", 16000, 1), (result.Info.Container, result.Info.SampleRate, result.Info.Channels));
        var (_, correlation) = Signals.BestLag(reference, result.Clip.Samples, 50);
        Assert.True(correlation >= 0.97, $"correlation {correlation:F4}");
    }

    [Fact]
    public void Read_Rf64Wav_IsDecodedThroughFfmpeg()
    {
        using var dir = new TempDirectory();
        var path = dir.File("long.wav");
        RunTool("ffmpeg", "-nostdin", "-loglevel", "error", "-i", JfkWav, "-rf64", "always", path);
        var reference = AudioFileReader.ReadClip(JfkWav).Samples;

        var result = AudioFileReader.Read(path);

        Assert.Equal("RF64", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(path), 0, 4));
        Assert.Equal("ffmpeg", result.Info.Decoder);
        Assert.Equal(reference.Length, result.Clip.Samples.Length);
        Assert.True(Signals.Correlation(reference, result.Clip.Samples) > 0.9999);
    }

    [Fact]
    public void Read_MissingFile_SaysSo()
    {
        var error = Assert.Throws<AudioFormatException>(() => AudioFileReader.Read("/nonexistent/answer.wav"));

        Assert.Equal("/nonexistent/answer.wav: file not found; check the path", error.Message);
    }

    [Fact]
    public void Read_Cancelled_StopsTheDecoder()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => AudioFileReader.Read(JfkFlac, cts.Token));
    }

    private static void RunTool(string tool, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(tool, arguments);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
