using System.Buffers;
using NAudio.Wave;
using VoiceCoach.Audio.Conversion;
using VoiceCoach.Audio.Wav;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Windows;

/// <summary>
/// Turns a capture device's buffers, in whatever format the device delivers (WASAPI shares the mixer's format: usually
/// 48 kHz stereo 32-bit float, sometimes 16- or 24-bit PCM; WinMM what it was asked for), into the product's 16 kHz mono
/// float frames of a fixed length: channels averaged by the WAV decoder, rate converted by <see cref="Resampler"/>.
/// Buffers may end mid-frame; the rest waits for the next. One per capture; not thread-safe.
/// </summary>
internal sealed class CaptureConverter
{
    private readonly WavFormat _format;
    private readonly Resampler _resampler;
    private readonly int _frameSamples;
    private readonly ArrayBufferWriter<float> _resampled = new();
    private readonly List<byte> _partial = [];
    private float[] _mono = new float[4096];
    private int _pending;
    private long _emitted;

    /// <summary>A converter for <paramref name="format"/>.</summary>
    /// <exception cref="AudioDeviceException">The format is one VoiceCoach cannot read (a codec, 8-bit, …).</exception>
    public CaptureConverter(WaveFormat format, string device, int frameSamples)
    {
        ArgumentNullException.ThrowIfNull(format);
        var standard = format is WaveFormatExtensible extensible ? extensible.ToStandardWaveFormat() : format;
        var tag = standard.Encoding switch
        {
            WaveFormatEncoding.Pcm => WavFormat.Pcm,
            WaveFormatEncoding.IeeeFloat => WavFormat.IeeeFloat,
            _ => 0,
        };
        _format = new WavFormat(tag, format.SampleRate, format.Channels, format.BitsPerSample, format.BlockAlign, format is WaveFormatExtensible);
        if (!_format.IsSupported || format.Channels < 1 || format.SampleRate < 1 || format.BlockAlign < 1)
        {
            throw new AudioDeviceException(device, $"captures {format} ({format.Encoding}), which VoiceCoach cannot read", "choose another input with --device; `voicecoach devices` lists them");
        }

        _resampler = new Resampler(format.SampleRate, AudioClip.SampleRate);
        _frameSamples = frameSamples;
    }

    /// <summary>Converts one delivered buffer and adds the whole frames now available to <paramref name="frames"/>.</summary>
    public void Push(ReadOnlySpan<byte> buffer, List<AudioFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ReadOnlySpan<byte> data = buffer;
        byte[]? joined = null;
        if (_partial.Count > 0)
        {
            joined = [.. _partial, .. buffer];
            _partial.Clear();
            data = joined;
        }

        var whole = data.Length / _format.BlockAlign * _format.BlockAlign;
        for (var i = whole; i < data.Length; i++)
        {
            _partial.Add(data[i]);
        }

        var count = whole / _format.BlockAlign;
        if (_mono.Length < count)
        {
            _mono = new float[count];
        }

        WavReader.DecodeToMono(data[..whole], _format, _mono);
        _resampler.Process(_mono.AsSpan(0, count), _resampled);
        var available = _resampled.WrittenSpan[_pending..];
        var taken = 0;
        while (available.Length - taken >= _frameSamples)
        {
            var samples = available.Slice(taken, _frameSamples).ToArray();
            frames.Add(new AudioFrame(samples, TimeSpan.FromSeconds(_emitted / (double)AudioClip.SampleRate)));
            _emitted += _frameSamples;
            taken += _frameSamples;
        }

        _pending += taken;
        if (_pending > 1 << 16)
        {
            // Keep the writer small: move the unfinished frame to the front.
            var rest = _resampled.WrittenSpan[_pending..].ToArray();
            _resampled.Clear();
            _resampled.Write(rest);
            _pending = 0;
        }
    }
}
