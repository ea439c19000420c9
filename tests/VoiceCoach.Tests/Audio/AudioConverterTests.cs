using System.Buffers;
using VoiceCoach.Audio.Conversion;
using VoiceCoach.Audio.Devices;
using VoiceCoach.Core.Audio;

using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Audio;

public sealed class AudioConverterTests
{
    [Fact]
    public void Process_Stereo48k_AveragesThenResamplesTo16kMono()
    {
        var left = Signals.Sine(1000, 48000, 48000, amplitude: 0.6);
        var interleaved = new float[left.Length * 2];
        for (var i = 0; i < left.Length; i++)
        {
            interleaved[2 * i] = left[i];
            interleaved[(2 * i) + 1] = 0; // silent right channel halves the level
        }

        var converter = new AudioConverter(48000, 2);
        var output = new ArrayBufferWriter<float>();

        converter.Process(interleaved, output);
        converter.Flush(output);

        Assert.Equal(16000, output.WrittenCount);
        Assert.Equal(0.3 / Math.Sqrt(2), Signals.Rms(output.WrittenSpan[1600..14400]), 4);
    }

    [Fact]
    public void Process_PartialFrame_Throws()
    {
        var converter = new AudioConverter(16000, 2);

        Assert.Throws<ArgumentException>(() => converter.Process(new float[3], new ArrayBufferWriter<float>()));
    }

    [Fact]
    public void AudioLevel_Measure_GivesRmsAndPeak()
    {
        var level = AudioLevel.Measure([0.5f, -0.5f, 0.5f, -1f]);

        Assert.Equal(Math.Sqrt(1.75 / 4), level.Rms, 6);
        Assert.Equal(1f, level.Peak);
        Assert.Equal(0, level.PeakDbfs, 6);
    }

    [Fact]
    public void Create_Auto_ChoosesTheOperatingSystemsBackend()
    {
        var backend = VoiceCoach.Cli.Hosting.AudioBackends.Create(AudioBackendKind.Auto);

        // CI and developer Linux machines have libasound2.
        var expected = OperatingSystem.IsWindows() ? "wasapi, winmm" : OperatingSystem.IsLinux() ? "alsa" : backend.Name;
        Assert.Equal(expected, backend.Name);
    }

    [Fact]
    public void Create_WinMMOffWindows_ThrowsAudioDeviceException()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var error = Assert.Throws<AudioDeviceException>(() => AudioBackend.Create(AudioBackendKind.WinMM));

        Assert.Equal("winmm: WinMM exists only on Windows; use --audio-backend alsa or process", error.Message);
    }

    [Fact]
    public void Create_WasapiOffWindows_ThrowsAudioDeviceException()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var error = Assert.Throws<AudioDeviceException>(() => VoiceCoach.Cli.Hosting.AudioBackends.Create(AudioBackendKind.Wasapi));

        Assert.Equal("wasapi: WASAPI exists only on Windows; use --audio-backend alsa or process", error.Message);
    }
}
