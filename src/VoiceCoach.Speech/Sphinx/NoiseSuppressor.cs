namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// A stationary-noise suppressor for 16 kHz mono samples, run before PocketSphinx when <see cref="SphinxOptions.Denoise"/>
/// is set: power spectral subtraction on 32 ms frames (50 % overlap, square-root Hann windows on both sides, so the
/// frames add back to the input where the gain is 1). The noise spectrum is the mean power of the quietest frames heard
/// so far (<see cref="NoiseSuppressorOptions.QuietShare"/>, <see cref="QuietFrames"/>), including
/// <see cref="NoiseSuppressorOptions.LookAhead"/> of audio past the frame being cleaned while the stream is young
/// (<see cref="NoiseSuppressorOptions.LookAheadFor"/>); unless the audio so far stands
/// <see cref="NoiseSuppressorOptions.CleanAboveDb"/> or more above it (clean audio is left alone), it is over-subtracted by
/// <see cref="NoiseSuppressorOptions.OverSubtraction"/> and floored at <see cref="NoiseSuppressorOptions.Floor"/> so the
/// residue stays a low hiss rather than isolated tones (musical noise).
/// <para>
/// Streaming and whole clips are one computation: <see cref="Push"/> takes audio in pieces of any size and returns the
/// samples that are final, <see cref="Flush"/> the rest, and <see cref="Apply"/> is one push and a flush. So a live
/// stream cleaned as it arrives is, sample for sample, the saved take cleaned whole (practice's live transcript must
/// equal `transcribe` of the take). Output trails input by the look-ahead plus a frame at first, by a frame once the
/// look-ahead has ended. One instance per stream; not thread-safe.
/// </para>
/// </summary>
public sealed class NoiseSuppressor
{
    private const int FrameLength = FrameTransform.Length;
    private const int Hop = FrameLength / 2;
    private const int Bins = (FrameLength / 2) + 1;

    private static readonly double[] Window = BuildWindow();

    private readonly NoiseSuppressorOptions _options;
    private readonly int _lookAheadFrames;
    private readonly long _lookAheadUntilFrame;
    private readonly QuietFrames _quiet;
    private readonly double[] _noise = new double[Bins];
    private readonly double[] _power = new double[Bins];

    // Frames analysed and waiting for the look-ahead, oldest first.
    private readonly Queue<(double[] Re, double[] Im)> _waiting = new();

    // The padded input: FrameLength zeros, then every pushed sample; _input holds it from padded index _inputStart.
    private readonly List<double> _input = [];
    private long _inputStart;
    private long _padded = FrameLength;
    private long _received;

    // Overlap-add output from padded index _outputStart on; a padded sample is final once both frames covering it are cleaned.
    private readonly List<double> _output = [];
    private long _outputStart;
    private int _framesAnalysed;
    private int _framesCleaned;
    private bool _flushed;

    public NoiseSuppressor(NoiseSuppressorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _lookAheadFrames = Math.Max(0, (int)Math.Round(options.LookAhead.TotalSeconds * 16_000 / Hop));
        _lookAheadUntilFrame = (long)Math.Round(options.LookAheadFor.TotalSeconds * 16_000 / Hop);
        _quiet = new QuietFrames(options.QuietShare, Bins);
        _input.AddRange(new double[FrameLength]);
    }

    /// <summary>The samples with the stationary noise taken out; a new array of the same length.</summary>
    public static float[] Apply(ReadOnlySpan<float> samples, NoiseSuppressorOptions options)
    {
        var suppressor = new NoiseSuppressor(options);
        var head = suppressor.Push(samples);
        var tail = suppressor.Flush();
        return [.. head, .. tail];
    }

    /// <summary>Takes the next samples; returns those that are now final (fewer, later: the look-ahead).</summary>
    public float[] Push(ReadOnlySpan<float> samples)
    {
        if (_flushed)
        {
            throw new InvalidOperationException("the noise suppressor was flushed; start a new one for the next stream");
        }

        foreach (var sample in samples)
        {
            _input.Add(sample);
        }

        _received += samples.Length;
        _padded += samples.Length;
        AnalyseAvailable(inside: true);
        return TakeFinal(finalEnd: _framesCleaned * (long)Hop);
    }

    /// <summary>The end of the stream: cleans what the look-ahead held back and returns every sample not yet returned.</summary>
    public float[] Flush()
    {
        if (_flushed)
        {
            return [];
        }

        _flushed = true;
        if (_received < FrameLength)
        {
            // Too short to hold a frame: nothing to learn the noise from, so the samples as they came.
            return _input.Skip(FrameLength).Select(s => (float)s).ToArray();
        }

        // The trailing padding lets the last samples be covered by two frames, as every other sample is.
        _input.AddRange(new double[FrameLength]);
        _padded += FrameLength;
        AnalyseAvailable(inside: false);
        while (_waiting.Count > 0)
        {
            CleanOldest();
        }

        return TakeFinal(finalEnd: _received + FrameLength);
    }

    /// <summary>Analyses every frame whose samples have all arrived; cleans those the look-ahead no longer holds.</summary>
    private void AnalyseAvailable(bool inside)
    {
        while ((_framesAnalysed * (long)Hop) + FrameLength <= _padded)
        {
            var start = _framesAnalysed * (long)Hop;
            var re = new double[FrameLength];
            var im = new double[FrameLength];
            for (var i = 0; i < FrameLength; i++)
            {
                re[i] = _input[(int)(start - _inputStart) + i] * Window[i];
            }

            FrameTransform.Apply(re, im, inverse: false);

            // Frames reaching into the padding hold zeros, which would read as silence: only whole-input frames teach the noise.
            if (inside && start >= FrameLength)
            {
                for (var k = 0; k < Bins; k++)
                {
                    _power[k] = Power(re[k], im[k]);
                }

                _quiet.Add(_power);
            }

            _waiting.Enqueue((re, im));
            _framesAnalysed++;
            DropConsumedInput();
            // Counted in frames, not pushes, so where a stream's pieces happen to break changes nothing.
            var lookAhead = _framesAnalysed < _lookAheadUntilFrame ? _lookAheadFrames : 0;
            while (_waiting.Count > lookAhead)
            {
                CleanOldest();
            }
        }
    }

    private void CleanOldest()
    {
        var (re, im) = _waiting.Dequeue();

        // Audio whose quiet frames sit far below its speech has no stationary noise worth taking out: subtracting
        // the faint floor would only thin the weakest sounds (a trailing "that" became "bad"). Such a frame is
        // resynthesised as it is.
        if (_quiet.SignalToNoiseDb < _options.CleanAboveDb)
        {
            Subtract(re, im);
        }

        FrameTransform.Apply(re, im, inverse: true);
        var start = _framesCleaned * (long)Hop;
        while (_outputStart + _output.Count < start + FrameLength)
        {
            _output.Add(0);
        }

        for (var i = 0; i < FrameLength; i++)
        {
            _output[(int)(start - _outputStart) + i] += re[i] * Window[i];
        }

        _framesCleaned++;
    }

    /// <summary>Scales every bin of a frame's spectrum by its gain against the noise estimate so far.</summary>
    private void Subtract(double[] re, double[] im)
    {
        _quiet.Estimate(_noise);
        for (var k = 0; k < Bins; k++)
        {
            var gain = Gain(Power(re[k], im[k]), _noise[k]);
            re[k] *= gain;
            im[k] *= gain;
            if (k > 0 && k < FrameLength - k)
            {
                // The mirror bin of a real signal's spectrum gets the same gain, so the frame stays real.
                re[FrameLength - k] *= gain;
                im[FrameLength - k] *= gain;
            }
        }
    }

    /// <summary>Returns the output not returned yet that is final: before padded index <paramref name="finalEnd"/>.</summary>
    private float[] TakeFinal(long finalEnd)
    {
        // The leading padding (padded indices below FrameLength) is never returned; nor is the trailing one.
        var padEnd = Math.Min(finalEnd, FrameLength);
        if (_outputStart < padEnd)
        {
            _output.RemoveRange(0, (int)(padEnd - _outputStart));
            _outputStart = padEnd;
        }

        var end = Math.Min(finalEnd, _received + FrameLength);
        var final = new float[Math.Max(0, (int)(end - _outputStart))];
        for (var i = 0; i < final.Length; i++)
        {
            final[i] = (float)_output[i];
        }

        _output.RemoveRange(0, final.Length);
        _outputStart += final.Length;
        return final;
    }

    /// <summary>Forgets input samples no frame still to be analysed will read.</summary>
    private void DropConsumedInput()
    {
        var keepFrom = _framesAnalysed * (long)Hop;
        var drop = (int)(keepFrom - _inputStart);
        if (drop >= 4096)
        {
            _input.RemoveRange(0, drop);
            _inputStart = keepFrom;
        }
    }

    /// <summary>Amplitude gain for a bin: sqrt(1 - alpha N/P), at least the floor; 1 where there is no noise.</summary>
    private double Gain(double power, double noise)
    {
        if (noise <= 0)
        {
            return 1;
        }

        var kept = power <= 0 ? 0 : 1 - (_options.OverSubtraction * noise / power);
        return Math.Max(_options.Floor, Math.Sqrt(Math.Max(0, kept)));
    }

    private static double Power(double re, double im) => (re * re) + (im * im);

    private static double[] BuildWindow()
    {
        // Periodic Hann split between analysis and synthesis: their product sums to one at 50 % overlap.
        var window = new double[FrameLength];
        for (var i = 0; i < FrameLength; i++)
        {
            window[i] = Math.Sqrt(0.5 - (0.5 * Math.Cos(2 * Math.PI * i / FrameLength)));
        }

        return window;
    }
}
