using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Web.Practice;

/// <summary>
/// The browser's microphone as an <see cref="IAudioSource"/>: the page captures with getUserMedia and an AudioWorklet
/// and sends 16 kHz mono 16-bit little-endian PCM over the session's WebSocket; <see cref="Push"/> turns each message
/// into a frame (the one conversion at this edge); <see cref="Complete"/> ends the capture when the socket closes.
/// </summary>
/// <remarks>Threading: the socket's receive loop pushes; the session's pump reads. One capture per source.</remarks>
internal sealed class BrowserAudioSource : IAudioSource
{
    // 20 s of 20 ms frames: the session reads continuously, so this only fills if the session stalls.
    private readonly Channel<AudioFrame> _frames = Channel.CreateBounded<AudioFrame>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });
    private long _samples;
    private long _levelBits;

    public string Name => "the browser's microphone";

    public AudioLevel Level
    {
        get
        {
            var bits = Interlocked.Read(ref _levelBits);
            return new AudioLevel(BitConverter.Int32BitsToSingle((int)(bits >> 32)), BitConverter.Int32BitsToSingle((int)bits));
        }
    }

    /// <summary>Adds one message of PCM; false when it is not whole 16-bit samples.</summary>
    public bool Push(ReadOnlySpan<byte> pcm)
    {
        if (pcm.Length == 0 || pcm.Length % 2 != 0)
        {
            return false;
        }

        var samples = new float[pcm.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(pcm.Slice(2 * i, 2)) / 32768f;
        }

        var frame = new AudioFrame(samples, TimeSpan.FromSeconds(_samples / (double)AudioClip.SampleRate));
        _samples += samples.Length;
        Interlocked.Exchange(ref _levelBits, ((long)BitConverter.SingleToInt32Bits(frame.Level.Rms) << 32) | (uint)BitConverter.SingleToInt32Bits(frame.Level.Peak));
        _frames.Writer.TryWrite(frame);
        return true;
    }

    /// <summary>The page closed the socket (or it broke): the capture ends.</summary>
    public void Complete() => _frames.Writer.TryComplete();

    public async IAsyncEnumerable<AudioFrame> CaptureAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var frame in _frames.Reader.ReadAllAsync(cancellationToken))
        {
            yield return frame;
        }
    }
}
