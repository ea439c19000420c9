using System.Runtime.InteropServices;
using Moq;
using NAudio.Wave;
using VoiceCoach.Audio.Windows;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Tests.Audio.Windows;

/// <summary>The Windows microphone against NAudio's <see cref="IWaveIn"/>: conversion, level, fallback, stop, device gone.</summary>
public sealed class NAudioAudioSourceTests
{
    private const string Fix = "`voicecoach devices` lists inputs; check the Windows microphone privacy setting";

    [Fact]
    public async Task CaptureAsync_Stereo48kFloat_Yields16kMonoFramesOf20MsAsync()
    {
        // Arrange: WASAPI's usual mix format, a 440 Hz tone at 0.5 in both channels, delivered in 10 ms buffers.
        var format = WaveFormat.CreateIeeeFloatWaveFormat(48_000, 2);
        var device = Device(format, Buffers(Tone(48_000, 2, 1.0, 0.5f), 480 * 2 * 4));
        var source = new NAudioAudioSource([new FakeWindowsAudioApi("wasapi") { Capture = _ => device.Object }], null);

        // Act
        var frames = await TakeAsync(source, 40);

        // Assert
        Assert.All(frames, f => Assert.Equal(320, f.Samples.Length));
        Assert.Equal(TimeSpan.FromMilliseconds(20 * 39), frames[^1].Timestamp);
        var steady = frames.Skip(2).SelectMany(f => f.Samples).ToArray();
        Assert.InRange(Rms(steady), 0.5 / Math.Sqrt(2) * 0.99, 0.5 / Math.Sqrt(2) * 1.01);
        Assert.InRange(source.Level.Rms, 0.5 / Math.Sqrt(2) * 0.98, 0.5 / Math.Sqrt(2) * 1.02); // the latest frame captured
        Assert.InRange(source.Level.Peak, 0.49f, 0.51f);
        Assert.Equal("wasapi", source.OpenedWith);
    }

    [Fact]
    public async Task CaptureAsync_Extensible24BitPcm_DecodedToTheSameLevelAsync()
    {
        // Arrange
        var format = new WaveFormatExtensible(44_100, 24, 2);
        var pcm = Pcm24(Tone(44_100, 2, 1.0, 0.25f));
        var device = Device(format, Buffers(pcm, 441 * 6));
        var source = new NAudioAudioSource([new FakeWindowsAudioApi("wasapi") { Capture = _ => device.Object }], null);

        // Act
        var frames = await TakeAsync(source, 30);

        // Assert
        Assert.InRange(Rms(frames.Skip(2).SelectMany(f => f.Samples).ToArray()), 0.25 / Math.Sqrt(2) * 0.99, 0.25 / Math.Sqrt(2) * 1.01);
    }

    [Fact]
    public async Task CaptureAsync_WasapiCannotOpen_FallsBackToWinMMAsync()
    {
        // Arrange
        var wasapi = new FakeWindowsAudioApi("wasapi") { Capture = _ => throw new COMException("Device in use (0x8889000A)") };
        var device = Device(new WaveFormat(16_000, 16, 1), Buffers(new byte[16_000], 640));
        var winmm = new FakeWindowsAudioApi("winmm") { Capture = _ => device.Object };
        var source = new NAudioAudioSource([wasapi, winmm], null);

        // Act
        var frames = await TakeAsync(source, 5);

        // Assert
        Assert.Equal(5, frames.Count);
        Assert.Equal("winmm", source.OpenedWith);
        Assert.Equal([null], wasapi.Opened);
        Assert.Equal([null], winmm.Opened);
    }

    [Fact]
    public async Task CaptureAsync_EveryApiFails_OneErrorNamingWhatEachSaidAsync()
    {
        // Arrange
        var wasapi = new FakeWindowsAudioApi("wasapi") { Capture = _ => throw new COMException("Access denied.") };
        var winmm = new FakeWindowsAudioApi("winmm") { Capture = _ => throw new InvalidOperationException("BadDeviceId calling waveInOpen") };
        var source = new NAudioAudioSource([wasapi, winmm], null);

        // Act
        var error = await Assert.ThrowsAsync<AudioDeviceException>(() => TakeAsync(source, 1));

        // Assert
        Assert.Equal($"default: cannot open for capture (wasapi: Access denied; winmm: BadDeviceId calling waveInOpen); {Fix}", error.Message);
    }

    [Fact]
    public async Task CaptureAsync_DeviceWithApiPrefix_OpensThroughThatApiOnlyAsync()
    {
        // Arrange
        var wasapi = new FakeWindowsAudioApi("wasapi");
        var device = Device(new WaveFormat(16_000, 16, 1), Buffers(new byte[6400], 640));
        var winmm = new FakeWindowsAudioApi("winmm") { Capture = _ => device.Object };
        var source = new NAudioAudioSource([wasapi, winmm], "winmm:1");

        // Act
        await TakeAsync(source, 1);

        // Assert
        Assert.Empty(wasapi.Opened);
        Assert.Equal(["1"], winmm.Opened);
    }

    [Fact]
    public async Task CaptureAsync_UnreadableFormat_AudioDeviceExceptionNamingTheFormatAsync()
    {
        // Arrange
        var device = Device(WaveFormat.CreateALawFormat(8000, 1), []);
        var source = new NAudioAudioSource([new FakeWindowsAudioApi("winmm") { Capture = _ => device.Object }], "Headset");

        // Act
        var error = await Assert.ThrowsAsync<AudioDeviceException>(() => TakeAsync(source, 1));

        // Assert
        Assert.StartsWith("Headset: cannot open for capture (winmm: Headset: captures ALaw", error.Message, StringComparison.Ordinal);
        device.Verify(d => d.Dispose(), Times.Once);
        device.Verify(d => d.StartRecording(), Times.Never);
    }

    [Fact]
    public async Task CaptureAsync_DeviceStopsOnItsOwn_ThrowsDeviceGoneAsync()
    {
        // Arrange: two buffers, then the device reports it was removed.
        var device = new Mock<IWaveIn>();
        device.SetupGet(d => d.WaveFormat).Returns(new WaveFormat(16_000, 16, 1));
        device.Setup(d => d.StartRecording()).Callback(() =>
        {
            device.Raise(d => d.DataAvailable += null, new WaveInEventArgs(new byte[1280], 1280));
            device.Raise(d => d.RecordingStopped += null, new StoppedEventArgs(new COMException("The audio endpoint device has been unplugged (AUDCLNT_E_DEVICE_INVALIDATED).")));
        });
        var source = new NAudioAudioSource([new FakeWindowsAudioApi("wasapi") { Capture = _ => device.Object }], null);
        var received = 0;

        // Act
        var error = await Assert.ThrowsAsync<AudioDeviceException>(async () =>
        {
            await foreach (var frame in source.CaptureAsync())
            {
                received++;
            }
        });

        // Assert
        Assert.Equal(2, received);
        Assert.Equal($"default: stopped capturing (The audio endpoint device has been unplugged (AUDCLNT_E_DEVICE_INVALIDATED)); is the microphone still plugged in? {Fix}", error.Message);
        device.Verify(d => d.Dispose(), Times.Once);
    }

    [Fact]
    public async Task CaptureAsync_ConsumerStops_StopsThenDisposesTheDeviceAsync()
    {
        // Arrange
        var device = Device(new WaveFormat(16_000, 16, 1), Buffers(new byte[64_000], 640));
        var order = new List<string>();
        device.Setup(d => d.StopRecording()).Callback(() =>
        {
            order.Add("stop");
            device.Raise(d => d.RecordingStopped += null, new StoppedEventArgs());
        });
        device.Setup(d => d.Dispose()).Callback(() => order.Add("dispose"));
        var source = new NAudioAudioSource([new FakeWindowsAudioApi("wasapi") { Capture = _ => device.Object }], null);

        // Act
        var frames = await TakeAsync(source, 3);

        // Assert
        Assert.Equal(3, frames.Count);
        Assert.Equal(["stop", "dispose"], order);
    }

    private static Mock<IWaveIn> Device(WaveFormat format, IReadOnlyList<byte[]> buffers)
    {
        var device = new Mock<IWaveIn>();
        device.SetupGet(d => d.WaveFormat).Returns(format);
        device.Setup(d => d.StartRecording()).Callback(() =>
        {
            foreach (var b in buffers)
            {
                device.Raise(d => d.DataAvailable += null, new WaveInEventArgs(b, b.Length));
            }
        });
        return device;
    }

    private static async Task<List<AudioFrame>> TakeAsync(NAudioAudioSource source, int count)
    {
        var frames = new List<AudioFrame>();
        await foreach (var frame in source.CaptureAsync())
        {
            frames.Add(frame);
            if (frames.Count == count)
            {
                break;
            }
        }

        return frames;
    }

    private static List<byte[]> Buffers(byte[] all, int size) => all.Chunk(size).ToList();

    private static byte[] Tone(int rate, int channels, double seconds, float amplitude)
    {
        var frames = (int)(rate * seconds);
        var samples = new float[frames * channels];
        for (var i = 0; i < frames; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                samples[(i * channels) + c] = amplitude * MathF.Sin(2 * MathF.PI * 440 * i / rate);
            }
        }

        return MemoryMarshal.AsBytes(samples.AsSpan()).ToArray();
    }

    private static byte[] Pcm24(byte[] floats)
    {
        var samples = MemoryMarshal.Cast<byte, float>(floats);
        var bytes = new byte[samples.Length * 3];
        for (var i = 0; i < samples.Length; i++)
        {
            var v = (int)Math.Round(samples[i] * 8_388_607);
            bytes[3 * i] = (byte)v;
            bytes[(3 * i) + 1] = (byte)(v >> 8);
            bytes[(3 * i) + 2] = (byte)(v >> 16);
        }

        return bytes;
    }

    private static double Rms(float[] samples) => Math.Sqrt(samples.Average(s => (double)s * s));
}
