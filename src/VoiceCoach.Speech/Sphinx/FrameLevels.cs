namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// How loud each 10 ms frame of a stream's audio is, for the filler pass's level check
/// (<see cref="SphinxFillerOptions.MaxBelowSpeechDb"/>): a spoken "um" or "uh" is a vowel as loud as the speech around
/// it, while a filler the grammar decode fits to noise (left after the noise suppressor in a 10 dB answer) is quieter.
/// Measured on the audio from the stream's start to the end of the utterance being decoded, which a live stream and
/// its saved take share sample for sample, so both hear the same fillers.
/// </summary>
internal sealed class FrameLevels
{
    /// <summary>Share of the frames heard that are quieter than "the speech": the 90th percentile of frame energy.</summary>
    private const double SpeechPercentile = 0.9;

    private const int SamplesPerFrame = 16_000 / SphinxWords.FramesPerSecond;

    // Mean square sample value per frame, plus one so digital silence has a finite level.
    private readonly double[] _energy;
    private readonly double _speech;
    private readonly double _floor;

    private FrameLevels(double[] energy)
    {
        _energy = energy;
        if (energy.Length == 0)
        {
            _speech = 1;
            _floor = 1;
            return;
        }

        var sorted = (double[])energy.Clone();
        Array.Sort(sorted);
        _speech = sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * SpeechPercentile))];
        _floor = sorted[(int)(sorted.Length * (1 - SpeechPercentile))];
    }

    /// <summary>The speech level (90th percentile of frame energy) over the floor (10th percentile), in dB.</summary>
    public double SpreadDb => 10 * Math.Log10(_speech / _floor);

    /// <summary>The levels of <paramref name="audio"/>'s whole 10 ms frames (16 kHz; a trailing part frame is left out).</summary>
    public static FrameLevels Measure(ReadOnlySpan<short> audio)
    {
        var energy = new double[audio.Length / SamplesPerFrame];
        for (var f = 0; f < energy.Length; f++)
        {
            var sum = 0.0;
            foreach (double sample in audio.Slice(f * SamplesPerFrame, SamplesPerFrame))
            {
                sum += sample * sample;
            }

            energy[f] = (sum / SamplesPerFrame) + 1;
        }

        return new FrameLevels(energy);
    }

    /// <summary>
    /// How far the loudest frame from <paramref name="startFrame"/> to <paramref name="endFrame"/> (inclusive, counted
    /// from the stream's start) sits below the speech level (the frames' 90th percentile), in dB; negative when louder.
    /// Infinity when none of those frames was measured.
    /// </summary>
    public double BelowSpeechDb(int startFrame, int endFrame)
    {
        var loudest = 0.0;
        for (var f = Math.Max(0, startFrame); f <= Math.Min(endFrame, _energy.Length - 1); f++)
        {
            loudest = Math.Max(loudest, _energy[f]);
        }

        return loudest <= 0 ? double.PositiveInfinity : 10 * Math.Log10(_speech / loudest);
    }
}
