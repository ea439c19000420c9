using System.Runtime.InteropServices;
using VoiceCoach.Audio;
using VoiceCoach.Audio.Recording;
using VoiceCoach.Testing;
using Xunit.Abstractions;

namespace VoiceCoach.IntegrationTests.Audio;

/// <summary>
/// Our ALSA P/Invoke code against real ALSA `file` PCMs (see <see cref="VirtualAlsa"/>), each run
/// in a child process that gets ALSA_CONFIG_PATH.
/// </summary>
public sealed class AlsaCaptureTests(VirtualAlsa alsa, ITestOutputHelper output) : IClassFixture<VirtualAlsa>
{
    [Fact]
    public void Record_VirtualMic16kMono_MatchesTheSourceSampleBySample()
    {
        var wav = Path.Combine(alsa.Directory, "rec16.wav");

        var (exit, stdout, stderr) = alsa.RunHost("record", "vmic16", wav, "11");

        Assert.True(exit == 0, stderr);
        Assert.Contains("native\t16000\t1", stdout, StringComparison.Ordinal);
        var recorded = AudioFileReader.ReadClip(wav).Samples;
        Assert.Equal(alsa.Jfk.Length, recorded.Length);
        var (lag, correlation) = Signals.BestLag(alsa.Jfk, recorded, 200);
        var maxDifference = alsa.Jfk.Zip(recorded, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"16 kHz mono capture: lag {lag}, correlation {correlation:F6}, max sample difference {maxDifference * 32768:F1} LSB");
        Assert.Equal(0, lag);
        Assert.True(correlation >= 0.99, $"correlation {correlation}");
        Assert.InRange(maxDifference, 0, 2 / 32768f); // 16-bit re-quantisation only
    }

    [Fact]
    public void Record_VirtualMic44kStereo_IsConvertedTo16kMonoMatchingTheSource()
    {
        var wav = Path.Combine(alsa.Directory, "rec44.wav");

        var (exit, stdout, stderr) = alsa.RunHost("record", "vmic44", wav, "11", "44100", "2");

        Assert.True(exit == 0, stderr);
        Assert.Contains("native\t44100\t2", stdout, StringComparison.Ordinal);
        var recorded = AudioFileReader.ReadClip(wav).Samples;
        Assert.Equal(176000, recorded.Length);
        var (lag, correlation) = Signals.BestLag(alsa.Jfk, recorded, 800);
        output.WriteLine($"44.1 kHz stereo capture: lag {lag}, correlation {correlation:F6}");
        Assert.True(correlation >= 0.99, $"correlation {correlation} at lag {lag}");
    }

    [Fact]
    public void Record_MutedDefaultMicrophone_WarnsAfterThreeSeconds()
    {
        var wav = Path.Combine(alsa.Directory, "muted.wav");

        var (exit, stdout, stderr) = alsa.RunHost("record", "default", wav, "4");

        Assert.True(exit == 0, stderr);
        Assert.Contains("warning\t" + new SilentInputDetector().Message, stdout, StringComparison.Ordinal);
        Assert.Equal(4.0, AudioFileReader.Read(wav).Info.Duration.TotalSeconds, 2);
    }

    [Fact]
    public void Record_UnknownDevice_FailsWithOneLineNamingTheDevice()
    {
        var (exit, _, stderr) = alsa.RunHost("record", "nosuchpcm", Path.Combine(alsa.Directory, "x.wav"), "1");

        Assert.Equal(1, exit);
        Assert.StartsWith("nosuchpcm: cannot open for capture (", stderr, StringComparison.Ordinal);
        Assert.Contains("`voicecoach devices` lists the devices", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ListDevices_VirtualConfig_ListsThePcmsWithDefaultMarked()
    {
        var (exit, stdout, stderr) = alsa.RunHost("devices");

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("vmic16\t-\tin\tout\tVoiceCoach virtual microphone 16 kHz mono", lines);
        Assert.Contains("default\tdefault\tin\tout\tMuted microphone", lines);
        Assert.Contains(lines, l => l.StartsWith("vspk\t", StringComparison.Ordinal));
    }

    [Fact]
    public void CreateBackend_AutoOnLinux_AlsaWithoutLoadingTheWindowsAssemblies()
    {
        // Arrange: a child process, so nothing another test loaded counts.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // Act
        var (exit, stdout, stderr) = alsa.RunHost("backend-assemblies");

        // Assert
        Assert.True(exit == 0, stderr);
        Assert.Equal(["backend\talsa"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Play_VirtualSpeaker_WritesTheClipSampleBySample()
    {
        var (exit, _, stderr) = alsa.RunHost("play", "vspk", alsa.JfkPath);

        Assert.True(exit == 0, stderr);
        var raw = MemoryMarshal.Cast<byte, short>(File.ReadAllBytes(alsa.SpeakerFile).AsSpan()).ToArray();
        var played = raw.Select(s => s / 32768f).ToArray();
        Assert.InRange(played.Length, alsa.Jfk.Length, alsa.Jfk.Length + 16000);
        var (lag, correlation) = Signals.BestLag(alsa.Jfk, played, 200);
        output.WriteLine($"playback: lag {lag}, correlation {correlation:F6}");
        Assert.Equal(0, lag);
        Assert.True(correlation >= 0.999, $"correlation {correlation}");
    }
}
