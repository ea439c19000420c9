namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// A tighter search for audio where PocketSphinx cannot tell hypotheses apart (clipped recordings): its relative beams
/// then keep nearly everything, and a clipped 60 s answer took 0.6x real time of CPU against 0.17x for the same answer
/// unclipped (measured with <c>voicecoach bench sphinx --gain 30</c>: first pass 0.28x, second 0.20x, lattice 0.12x).
/// These bounds cap each pass. The defaults were measured on the dev set's clean answers amplified by 30 dB; README
/// has the figures. Each value is the PocketSphinx argument named in its summary.
/// </summary>
public sealed record SphinxSearchBounds
{
    /// <summary>HMMs kept active per frame in the first pass (<c>-maxhmmpf</c>). Default 2000 (the normal search: <see cref="SphinxOptions.MaxActiveHmms"/>).</summary>
    public int MaxActiveHmms { get; init; } = 2000;

    /// <summary>Word exits kept per frame (<c>-maxwpf</c>). Default 10.</summary>
    public int MaxWordsPerFrame { get; init; } = 10;

    /// <summary>First-pass word-exit beam (<c>-wbeam</c>). Default 1e-20 (PocketSphinx: 7e-29).</summary>
    public double WordBeam { get; init; } = 1e-20;

    /// <summary>First-pass beam on last phones of words (<c>-lpbeam</c>). Default 1e-30 (PocketSphinx: 1e-40).</summary>
    public double LastPhoneBeam { get; init; } = 1e-30;

    /// <summary>First-pass beam on last phones alone (<c>-lponlybeam</c>). Default 1e-25 (PocketSphinx: 7e-29).</summary>
    public double LastPhoneAloneBeam { get; init; } = 1e-25;

    /// <summary>Second-pass beam (<c>-fwdflatbeam</c>). Default 1e-48 (PocketSphinx: 1e-64).</summary>
    public double SecondPassBeam { get; init; } = 1e-48;

    /// <summary>Second-pass word-exit beam (<c>-fwdflatwbeam</c>). Default 1e-20 (PocketSphinx: 7e-29).</summary>
    public double SecondPassWordBeam { get; init; } = 1e-20;

    /// <summary>
    /// Frames a word must end in during the first pass to be searched again in the second (<c>-fwdflatefwid</c>); this
    /// is what keeps the second pass's vocabulary small when the first pass heard thousands of words. Default 8 (PocketSphinx: 4).
    /// </summary>
    public int SecondPassMinEndFrames { get; init; } = 8;

    /// <summary>Window of start frames the second pass considers a word in (<c>-fwdflatsfwin</c>). Default 15 (PocketSphinx: 25).</summary>
    public int SecondPassStartWindow { get; init; } = 15;

    /// <summary>The bounds as PocketSphinx's integer arguments.</summary>
    internal IEnumerable<(string Name, long Value)> IntegerArguments() =>
    [
        ("-maxhmmpf", MaxActiveHmms),
        ("-maxwpf", MaxWordsPerFrame),
        ("-fwdflatefwid", SecondPassMinEndFrames),
        ("-fwdflatsfwin", SecondPassStartWindow),
    ];

    /// <summary>The bounds as PocketSphinx's floating-point (beam) arguments.</summary>
    internal IEnumerable<(string Name, double Value)> BeamArguments() =>
    [
        ("-wbeam", WordBeam),
        ("-lpbeam", LastPhoneBeam),
        ("-lponlybeam", LastPhoneAloneBeam),
        ("-fwdflatbeam", SecondPassBeam),
        ("-fwdflatwbeam", SecondPassWordBeam),
    ];
}
