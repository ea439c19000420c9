using System.Runtime.CompilerServices;
using System.Threading.Channels;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Recording;

/// <summary>
/// Recorded answers played through the practice pipeline instead of a microphone (<c>practice --from DIR</c>).
/// Quiet until <see cref="Cue"/> names a file; then delivers it as 20 ms frames, followed by
/// <see cref="TrailingSilence"/> of silence (so the end-of-answer detector hears the answer end), paced in real
/// time unless <c>realTime</c> is false. Frame timestamps run on continuously across answers, like a capture.
/// </summary>
public sealed class RecordedAnswerSource : ICuedAudioSource
{
    private const int FrameSamples = AudioClip.SampleRate / 50;
    private readonly Func<string, CancellationToken, Task<AudioClip>> _load;
    private readonly bool _realTime;
    private readonly TimeProvider _time;
    private readonly Channel<string> _cues = Channel.CreateUnbounded<string>();
    private volatile bool _cueFinished = true;
    private long _levelBits;

    /// <summary>Creates the source.</summary>
    /// <param name="load">Reads a file into 16 kHz mono (any format the product reads).</param>
    /// <param name="realTime">Deliver audio at the pace it was spoken (true) or as fast as it is consumed.</param>
    /// <param name="trailingSilence">Silence delivered after each recording.</param>
    /// <param name="time">Clock for the pacing; null for the system clock.</param>
    public RecordedAnswerSource(Func<string, CancellationToken, Task<AudioClip>> load, bool realTime, TimeSpan trailingSilence, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(load);
        _load = load;
        _realTime = realTime;
        TrailingSilence = trailingSilence;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public string Name => "recorded answers";

    /// <summary>Silence delivered after each recording.</summary>
    public TimeSpan TrailingSilence { get; }

    /// <inheritdoc/>
    public AudioLevel Level
    {
        get
        {
            var bits = Interlocked.Read(ref _levelBits);
            return new AudioLevel(BitConverter.Int32BitsToSingle((int)(bits >> 32)), BitConverter.Int32BitsToSingle((int)bits));
        }
    }

    /// <inheritdoc/>
    public bool CueFinished => _cueFinished;

    /// <inheritdoc/>
    public void Cue(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _cueFinished = false;
        _cues.Writer.TryWrite(key);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<AudioFrame> CaptureAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long emitted = 0;
        while (await _cues.Reader.WaitToReadAsync(cancellationToken))
        {
            if (!_cues.Reader.TryRead(out var key))
            {
                continue;
            }

            var clip = await _load(key, cancellationToken);
            var silence = (int)(TrailingSilence.TotalSeconds * AudioClip.SampleRate);
            var total = clip.Samples.Length + silence;
            var started = _time.GetTimestamp();
            for (var offset = 0; offset < total; offset += FrameSamples)
            {
                if (_cues.Reader.Count > 0)
                {
                    break; // cued again (a redo or the next answer): stop this one
                }

                var n = Math.Min(FrameSamples, total - offset);
                var samples = new float[n];
                var fromClip = Math.Clamp(clip.Samples.Length - offset, 0, n);
                if (fromClip > 0)
                {
                    Array.Copy(clip.Samples, offset, samples, 0, fromClip);
                }

                if (_realTime)
                {
                    var due = TimeSpan.FromSeconds((offset + n) / (double)AudioClip.SampleRate) - _time.GetElapsedTime(started);
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, _time, cancellationToken);
                    }
                }

                var frame = new AudioFrame(samples, TimeSpan.FromSeconds(emitted / (double)AudioClip.SampleRate));
                emitted += n;
                Interlocked.Exchange(ref _levelBits, ((long)BitConverter.SingleToInt32Bits(frame.Level.Rms) << 32) | (uint)BitConverter.SingleToInt32Bits(frame.Level.Peak));
                if (offset + n >= total && _cues.Reader.Count == 0)
                {
                    // Finished before the last frame is handed over, so the consumer sees it with that frame.
                    _cueFinished = true;
                }

                yield return frame;
            }
        }
    }
}
