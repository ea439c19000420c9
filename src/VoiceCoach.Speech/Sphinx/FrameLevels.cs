namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// How loud each 10 ms frame of a stream's audio is, for the filler pass's level check
/// (<see cref="SphinxFillerOptions.MaxBelowSpeechDb"/>) and the <see cref="FillerJudge"/>'s "snr": a spoken "um" or "uh"
/// is a vowel as loud as the speech around it, while a filler the grammar decode fits to noise (left after the noise
/// suppressor in a 10 dB answer) is quieter. Measured on the audio from the stream's start to the end of the utterance
/// being decoded, which a live stream and its saved take share sample for sample, so both hear the same fillers.
/// </summary>
/// <remarks>
/// One instance per stream, grown as the stream's utterances are judged (<see cref="MeasureTo"/>): each frame is measured
/// once and its level goes into a histogram of 0.01 dB bins, so the percentiles over a stream's first n frames cost no
/// more than the histogram's length to read, and judging a long stream costs time linear in its length (each
/// utterance used to measure the stream again from its start). The percentiles are read to a bin: within 0.01 dB.
/// Not thread-safe; the stream's decoder gate serialises its use.
/// </remarks>
internal sealed class FrameLevels
{
    /// <summary>Share of the frames heard that are quieter than "the speech": the 90th percentile of frame energy.</summary>
    private const double SpeechPercentile = 0.9;

    private const int SamplesPerFrame = 16_000 / SphinxWords.FramesPerSecond;

    // Frame levels in dB of mean square sample value plus one (so digital silence is 0 dB): 0 to 90.3 dB for 16-bit audio.
    private const double BinDb = 0.01;
    private const int Bins = 9_100;

    // Each measured frame's energy (mean square sample value plus one); the first _count are in the histogram.
    private readonly List<double> _energy = [];
    private readonly int[] _histogram = new int[Bins];
    private int _count;

    /// <summary>Frames measured so far (a frame measured again after <see cref="MeasureTo"/> went back counts again): the work done.</summary>
    public long FramesMeasured { get; private set; }

    /// <summary>Frames the percentiles are over now.</summary>
    public int Frames => _count;

    /// <summary>The speech level (90th percentile of frame energy) over the floor (10th percentile), in dB.</summary>
    public double SpreadDb => _count == 0 ? 0 : PercentileDb(Math.Min(_count - 1, (int)(_count * SpeechPercentile))) - PercentileDb((int)(_count * (1 - SpeechPercentile)));

    /// <summary>The levels of <paramref name="audio"/>'s whole 10 ms frames (16 kHz; a trailing part frame is left out).</summary>
    public static FrameLevels Measure(ReadOnlySpan<short> audio)
    {
        var levels = new FrameLevels();
        levels.MeasureTo(audio, audio.Length / SamplesPerFrame);
        return levels;
    }

    /// <summary>
    /// Makes the levels those of the stream's first <paramref name="frames"/> frames (fewer when
    /// <paramref name="audio"/>, the stream's audio from its start, is shorter): frames not yet measured are measured,
    /// frames past that end leave the percentiles (and are measured again when a later call reaches them). Each call
    /// must pass the same stream's audio, grown or as long as before.
    /// </summary>
    public void MeasureTo(ReadOnlySpan<short> audio, int frames)
    {
        frames = Math.Max(0, Math.Min(frames, audio.Length / SamplesPerFrame));
        while (_count > frames)
        {
            _count--;
            _histogram[Bin(_energy[_count])]--;
        }

        if (_energy.Count > frames)
        {
            _energy.RemoveRange(frames, _energy.Count - frames);
        }

        for (var f = _count; f < frames; f++)
        {
            var sum = 0.0;
            foreach (double sample in audio.Slice(f * SamplesPerFrame, SamplesPerFrame))
            {
                sum += sample * sample;
            }

            var energy = (sum / SamplesPerFrame) + 1;
            _energy.Add(energy);
            _histogram[Bin(energy)]++;
            FramesMeasured++;
        }

        _count = frames;
    }

    /// <summary>
    /// How far the loudest frame from <paramref name="startFrame"/> to <paramref name="endFrame"/> (inclusive, counted
    /// from the stream's start) sits below the speech level (the frames' 90th percentile), in dB; negative when louder.
    /// Infinity when none of those frames was measured.
    /// </summary>
    public double BelowSpeechDb(int startFrame, int endFrame)
    {
        var loudest = 0.0;
        for (var f = Math.Max(0, startFrame); f <= Math.Min(endFrame, _count - 1); f++)
        {
            loudest = Math.Max(loudest, _energy[f]);
        }

        return loudest <= 0 ? double.PositiveInfinity : PercentileDb(Math.Min(_count - 1, (int)(_count * SpeechPercentile))) - (10 * Math.Log10(loudest));
    }

    private static int Bin(double energy) => Math.Clamp((int)(10 * Math.Log10(energy) / BinDb), 0, Bins - 1);

    // The level of the frame of rank `rank` (0 = quietest) among the first _count, to its bin's middle.
    private double PercentileDb(int rank)
    {
        var seen = 0;
        for (var b = 0; b < Bins; b++)
        {
            seen += _histogram[b];
            if (seen > rank)
            {
                return (b + 0.5) * BinDb;
            }
        }

        return (Bins - 0.5) * BinDb;
    }
}
