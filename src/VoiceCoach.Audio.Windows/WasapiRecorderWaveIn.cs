using System.Runtime.Versioning;
using NAudio.CoreAudioApi;
using NAudio.Wave;

namespace VoiceCoach.Audio.Windows;

/// <summary>
/// NAudio 3's WASAPI recorder (<see cref="WasapiRecorder"/>: zero-copy buffers, MMCSS priority) seen as NAudio's
/// <see cref="IWaveIn"/>, the interface the source is written and tested against. A buffer WASAPI flags as silent
/// (a glitch or a muted stream) is delivered as zeros, so the timeline keeps its length. Owns the recorder.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WasapiRecorderWaveIn : IWaveIn
{
    private readonly WasapiRecorder _recorder;
    private byte[] _copy = [];

    public WasapiRecorderWaveIn(WasapiRecorder recorder)
    {
        _recorder = recorder;
        _recorder.DataAvailable += OnData;
        _recorder.RecordingStopped += (_, e) => RecordingStopped?.Invoke(this, e);
    }

    public event EventHandler<WaveInEventArgs>? DataAvailable;

    public event EventHandler<StoppedEventArgs>? RecordingStopped;

    public WaveFormat WaveFormat
    {
        get => _recorder.WaveFormat;
        set => throw new NotSupportedException("the WASAPI recorder's format is chosen when it is built");
    }

    public void StartRecording() => _recorder.StartRecording();

    public void StopRecording() => _recorder.StopRecording();

    public void Dispose() => _recorder.Dispose();

    private void OnData(ReadOnlySpan<byte> buffer, AudioClientBufferFlags flags, long devicePosition, long qpcPosition)
    {
        // WaveInEventArgs holds an array: one reused copy per buffer, read synchronously by the handler.
        if (_copy.Length < buffer.Length)
        {
            _copy = new byte[buffer.Length];
        }

        if ((flags & AudioClientBufferFlags.Silent) != 0)
        {
            Array.Clear(_copy, 0, buffer.Length);
        }
        else
        {
            buffer.CopyTo(_copy);
        }

        DataAvailable?.Invoke(this, new WaveInEventArgs(_copy, buffer.Length));
    }
}
