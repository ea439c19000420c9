namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// The noise estimate of <see cref="NoiseSuppressor"/>: the mean power spectrum of the quietest share of the frames
/// added so far (by total power), kept up to date as frames arrive. Two heaps split the frames into the quiet set and
/// the rest; the quiet set's spectra are summed as frames enter and leave it, so adding a frame costs a few heap
/// steps and a pass over its bins, however long the stream. The same frames in the same order give the same estimate
/// to the last bit. Not thread-safe.
/// </summary>
internal sealed class QuietFrames
{
    private readonly double _share;
    private readonly int _bins;
    private readonly double[] _sum;

    // The quiet set, loudest first, and the rest, quietest first; ties broken by arrival so the order is total.
    private readonly PriorityQueue<Frame, (double Energy, int Index)> _quiet = new(Comparer<(double Energy, int Index)>.Create((a, b) => b.CompareTo(a)));
    private readonly PriorityQueue<Frame, (double Energy, int Index)> _rest = new();
    private int _count;
    private double _energy;

    /// <param name="share">Share of the frames, the quietest, whose mean is the noise, in (0, 1].</param>
    /// <param name="bins">Power values per frame.</param>
    public QuietFrames(double share, int bins)
    {
        _share = share;
        _bins = bins;
        _sum = new double[bins];
    }

    /// <summary>How many frames were added.</summary>
    public int Count => _count;

    /// <summary>
    /// How far the frames heard so far stand above the noise: their mean total power over the quiet set's, in dB;
    /// infinity while the quiet set is silent, 0 before any frame.
    /// </summary>
    public double SignalToNoiseDb
    {
        get
        {
            if (_count == 0)
            {
                return 0;
            }

            var quiet = 0.0;
            foreach (var p in _sum)
            {
                quiet += p;
            }

            quiet /= _quiet.Count;
            return quiet <= 0 ? double.PositiveInfinity : 10 * Math.Log10(_energy / _count / quiet);
        }
    }

    /// <summary>Adds a frame's power spectrum (copied).</summary>
    public void Add(ReadOnlySpan<double> power)
    {
        var frame = new Frame(power[.._bins].ToArray(), _count++);
        var energy = 0.0;
        foreach (var p in frame.Power)
        {
            energy += p;
        }

        frame.Energy = energy;
        _energy += energy;
        if (_quiet.TryPeek(out var loudest, out _) && energy < loudest.Energy)
        {
            Enter(frame);
        }
        else
        {
            _rest.Enqueue(frame, (energy, frame.Index));
        }

        var wanted = Math.Max(1, (int)Math.Ceiling(_count * _share));
        while (_quiet.Count > wanted)
        {
            var leaving = _quiet.Dequeue();
            Accumulate(leaving, -1);
            _rest.Enqueue(leaving, (leaving.Energy, leaving.Index));
        }

        while (_quiet.Count < wanted && _rest.TryDequeue(out var quietest, out _))
        {
            Enter(quietest);
        }
    }

    /// <summary>Writes the mean power per bin of the quiet set into <paramref name="noise"/>; zeros before any frame.</summary>
    public void Estimate(Span<double> noise)
    {
        for (var k = 0; k < _bins; k++)
        {
            noise[k] = _quiet.Count == 0 ? 0 : _sum[k] / _quiet.Count;
        }
    }

    private void Enter(Frame frame)
    {
        Accumulate(frame, 1);
        _quiet.Enqueue(frame, (frame.Energy, frame.Index));
    }

    private void Accumulate(Frame frame, int sign)
    {
        for (var k = 0; k < _bins; k++)
        {
            _sum[k] += sign * frame.Power[k];
        }
    }

    private sealed class Frame(double[] power, int index)
    {
        public double[] Power { get; } = power;

        public int Index { get; } = index;

        public double Energy { get; set; }
    }
}
