namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// Acoustic measures of a span of a stream's audio for the <see cref="FillerJudge"/>: how steady its spectrum is (a
/// hesitation, "um" or "uh", is one held vowel; "and" or "the" move) and how far the speech stands above the noise,
/// measured on the audio the filler pass hears, so a live stream and its saved take give the same values. Cepstra are
/// computed per 10 ms frame on demand and cached. (Pitch flatness and level against the speech were measured too and
/// did not help: README, round 16.)
/// </summary>
/// <remarks>
/// Not thread-safe; one per utterance judged, on the stack: it reads the stream's audio in place (no copy) and the
/// stream's <see cref="FrameLevels"/>, which it brings up to the utterance's end, so a long stream's frames are each
/// measured once (README, fillers18).
/// </remarks>
internal ref struct FillerFeatures
{
    private const int SamplesPerFrame = 16_000 / SphinxWords.FramesPerSecond;
    private const int Window = 400; // 25 ms
    private const int Bands = 20;
    private const int Coefficients = 12;

    private static readonly double[] Hamming = BuildHamming();
    private static readonly int[] BandEdges = BuildBandEdges();

    private readonly ReadOnlySpan<short> _audio;
    private readonly Dictionary<int, double[]> _cepstra = [];

    /// <param name="audio">The stream's audio from its start to the end of the utterance being judged.</param>
    /// <param name="levels">The stream's frame levels (one instance for the whole stream); brought up to the end of <paramref name="audio"/>.</param>
    public FillerFeatures(ReadOnlySpan<short> audio, FrameLevels levels)
    {
        _audio = audio;
        levels.MeasureTo(audio, audio.Length / SamplesPerFrame);
        NoiseDb = levels.SpreadDb;
    }

    /// <summary>Features of a stream of its own: <paramref name="audio"/> is measured from its start (tests).</summary>
    public FillerFeatures(ReadOnlySpan<short> audio)
        : this(audio, new FrameLevels())
    {
    }

    /// <summary>The stream's signal-to-noise estimate: the 90th against the 10th percentile of frame energies, in dB.</summary>
    public double NoiseDb { get; }

    /// <summary>Mean frame-to-frame cepstral distance (c1..c12) across the span: low for one steady vowel.</summary>
    public readonly double SpectralChange(int start, int end)
    {
        if (end <= start)
        {
            return 0;
        }

        var sum = 0.0;
        var previous = Cepstrum(start);
        for (var f = start + 1; f <= end; f++)
        {
            var current = Cepstrum(f);
            var d = 0.0;
            for (var k = 0; k < Coefficients; k++)
            {
                d += (current[k] - previous[k]) * (current[k] - previous[k]);
            }

            sum += Math.Sqrt(d);
            previous = current;
        }

        return sum / (end - start);
    }

    private readonly double[] Cepstrum(int frame)
    {
        if (_cepstra.TryGetValue(frame, out var c))
        {
            return c;
        }

        var re = new double[FrameTransform.Length];
        var im = new double[FrameTransform.Length];
        var from = frame * SamplesPerFrame;
        for (var i = 0; i < Window && from + i < _audio.Length; i++)
        {
            re[i] = from + i >= 0 ? _audio[from + i] * Hamming[i] : 0;
        }

        FrameTransform.Apply(re, im, inverse: false);
        var bands = new double[Bands];
        for (var b = 0; b < Bands; b++)
        {
            var sum = 1.0;
            for (var k = BandEdges[b]; k < BandEdges[b + 1]; k++)
            {
                sum += (re[k] * re[k]) + (im[k] * im[k]);
            }

            bands[b] = Math.Log(sum);
        }

        c = new double[Coefficients];
        for (var k = 0; k < Coefficients; k++)
        {
            var sum = 0.0;
            for (var b = 0; b < Bands; b++)
            {
                sum += bands[b] * Math.Cos(Math.PI * (k + 1) * (b + 0.5) / Bands);
            }

            c[k] = sum;
        }

        _cepstra[frame] = c;
        return c;
    }

    private static double[] BuildHamming()
    {
        var w = new double[Window];
        for (var i = 0; i < Window; i++)
        {
            w[i] = 0.54 - (0.46 * Math.Cos(2 * Math.PI * i / (Window - 1)));
        }

        return w;
    }

    // Band edges in FFT bins, evenly spaced on the mel scale from 100 Hz to 7 kHz.
    private static int[] BuildBandEdges()
    {
        static double Mel(double hz) => 2595 * Math.Log10(1 + (hz / 700));
        static double Hz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);
        var edges = new int[Bands + 1];
        var low = Mel(100);
        var high = Mel(7000);
        for (var b = 0; b <= Bands; b++)
        {
            var bin = (int)Math.Round(Hz(low + ((high - low) * b / Bands)) * FrameTransform.Length / 16_000);
            edges[b] = b == 0 ? bin : Math.Max(bin, edges[b - 1] + 1);
        }

        return edges;
    }
}
