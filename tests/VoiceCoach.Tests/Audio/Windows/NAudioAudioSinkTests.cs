using System.Runtime.InteropServices;
using Moq;
using NAudio.Wave;
using VoiceCoach.Audio.Devices;
using VoiceCoach.Audio.Windows;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Tests.Audio.Windows;

/// <summary>Playback of spoken questions against NAudio's <see cref="IWavePlayer"/>; the backend's device list.</summary>
public sealed class NAudioAudioSinkTests
{
    [Fact]
    public async Task PlayAsync_Clip_Plays16kMonoPcm16AndCompletesWhenTheDeviceStopsAsync()
    {
        // Arrange: the player reads what it was given to the end, then reports it stopped.
        var clip = new AudioClip([0f, 0.5f, -0.5f, 0.25f], "question");
        var player = new Mock<IWavePlayer>();
        IWaveProvider? given = null;
        var played = new List<byte>();
        player.Setup(p => p.Init(It.IsAny<IWaveProvider>())).Callback<IWaveProvider>(p => given = p);
        player.Setup(p => p.Play()).Callback(() =>
        {
            var buffer = new byte[64];
            for (var n = given!.Read(buffer); n > 0; n = given.Read(buffer))
            {
                played.AddRange(buffer.AsSpan(0, n).ToArray());
            }

            player.Raise(p => p.PlaybackStopped += null, new StoppedEventArgs());
        });
        var sink = new NAudioAudioSink([new FakeWindowsAudioApi("wasapi") { Playback = _ => player.Object }], null);

        // Act
        await sink.PlayAsync(clip);

        // Assert
        Assert.Equal((16_000, 16, 1, WaveFormatEncoding.Pcm), (given!.WaveFormat.SampleRate, given.WaveFormat.BitsPerSample, given.WaveFormat.Channels, given.WaveFormat.Encoding));
        Assert.Equal(new short[] { 0, 16384, -16384, 8192 }, MemoryMarshal.Cast<byte, short>(played.ToArray()).ToArray());
        player.Verify(p => p.Dispose(), Times.Once);
    }

    [Fact]
    public async Task PlayAsync_Cancelled_StopsThePlayerAndThrowsCancelledAsync()
    {
        // Arrange: a player that plays until stopped.
        var player = new Mock<IWavePlayer>();
        player.Setup(p => p.Stop()).Callback(() => player.Raise(p => p.PlaybackStopped += null, new StoppedEventArgs()));
        var sink = new NAudioAudioSink([new FakeWindowsAudioApi("winmm") { Playback = _ => player.Object }], null);
        using var cancel = new CancellationTokenSource();

        // Act
        var playing = sink.PlayAsync(new AudioClip(new float[160_000], "question"), cancel.Token);
        await cancel.CancelAsync();

        // Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => playing);
        player.Verify(p => p.Stop(), Times.Once);
        player.Verify(p => p.Dispose(), Times.Once);
    }

    [Fact]
    public async Task PlayAsync_DeviceFailsWhilePlaying_AudioDeviceExceptionAsync()
    {
        // Arrange
        var player = new Mock<IWavePlayer>();
        player.Setup(p => p.Play()).Callback(() => player.Raise(p => p.PlaybackStopped += null, new StoppedEventArgs(new COMException("The audio endpoint device has been unplugged."))));
        var sink = new NAudioAudioSink([new FakeWindowsAudioApi("wasapi") { Playback = _ => player.Object }], "Speakers");

        // Act
        var error = await Assert.ThrowsAsync<AudioDeviceException>(() => sink.PlayAsync(new AudioClip(new float[16], "q")));

        // Assert
        Assert.Equal("Speakers: stopped playing (The audio endpoint device has been unplugged); is the output still plugged in? `voicecoach devices` lists outputs; or answer with --no-speak", error.Message);
    }

    [Fact]
    public async Task PlayAsync_WasapiInitFails_PlaysThroughWinMMFromTheStartAsync()
    {
        // Arrange: WASAPI reads a little, then refuses the format; WinMM must get the clip from its first byte.
        var wasapiPlayer = new Mock<IWavePlayer>();
        wasapiPlayer.Setup(p => p.Init(It.IsAny<IWaveProvider>())).Callback<IWaveProvider>(p =>
        {
            p.Read(new byte[4]);
            throw new COMException("Unsupported format (AUDCLNT_E_UNSUPPORTED_FORMAT)");
        });
        var winmmPlayer = new Mock<IWavePlayer>();
        var first = new byte[2];
        winmmPlayer.Setup(p => p.Init(It.IsAny<IWaveProvider>())).Callback<IWaveProvider>(p => p.Read(first));
        winmmPlayer.Setup(p => p.Play()).Callback(() => winmmPlayer.Raise(p => p.PlaybackStopped += null, new StoppedEventArgs()));
        var sink = new NAudioAudioSink([new FakeWindowsAudioApi("wasapi") { Playback = _ => wasapiPlayer.Object }, new FakeWindowsAudioApi("winmm") { Playback = _ => winmmPlayer.Object }], null);

        // Act
        await sink.PlayAsync(new AudioClip([0.5f, 0f, 0f], "q"));

        // Assert
        Assert.Equal(16384, BitConverter.ToInt16(first));
        wasapiPlayer.Verify(p => p.Dispose(), Times.Once);
    }

    [Fact]
    public void ListDevices_OneApiFails_TheOthersStillListedAndTheFailureNamed()
    {
        // Arrange
        var wasapi = new Mock<IWindowsAudioApi>();
        wasapi.SetupGet(a => a.Name).Returns("wasapi");
        wasapi.Setup(a => a.ListDevices()).Throws(new COMException("Class not registered."));
        var winmm = new FakeWindowsAudioApi("winmm") { Devices = [new AudioDeviceInfo("winmm:0", "Microphone (WinMM)", false, true, false)] };
        var backend = new NAudioBackend([wasapi.Object, winmm]);

        // Act
        var devices = backend.ListDevices();

        // Assert
        Assert.Equal("wasapi, winmm", backend.Name);
        Assert.Equal(
            ["default: Windows default devices (wasapi, winmm, first that opens)", "wasapi:: wasapi cannot list its devices: Class not registered", "winmm:0: Microphone (WinMM)"],
            devices.Select(d => $"{d.Id}: {d.Description}"));
    }
}
