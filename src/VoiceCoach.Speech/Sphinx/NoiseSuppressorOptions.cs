using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// How <see cref="NoiseSuppressor"/> takes stationary noise out before PocketSphinx decodes, live streams and saved
/// clips alike. On by default (<see cref="SphinxOptions.Denoise"/>; README, rounds 12 and 13).
/// </summary>
public sealed record NoiseSuppressorOptions
{
    /// <summary>
    /// Over-subtraction factor: the noise power taken from each bin is this times the estimate. Default 1: on the dev
    /// set 1.5 and 2 (with floors 0.2 and 0.1) took the fillers' weak vowels down with the noise (README, round 12).
    /// </summary>
    public double OverSubtraction { get; init; } = 1;

    /// <summary>The least amplitude gain of a bin, in (0, 1]. Default 0.3 (about -10 dB); lower floors lost fillers on dev.</summary>
    public double Floor { get; init; } = 0.3;

    /// <summary>Share of the clip's frames, the quietest, whose mean spectrum is the noise. Default 0.1.</summary>
    public double QuietShare { get; init; } = 0.1;

    /// <summary>
    /// How much audio past a frame its noise estimate may hear: the estimate is the quiet share of everything up to
    /// this far ahead, so a stream is cleaned as it arrives, trailing by this much. Default 0.5 s.
    /// </summary>
    public TimeSpan LookAhead { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>
    /// How long the look-ahead lasts: once the estimate has heard this much of the stream, each frame is cleaned as
    /// soon as it is analysed, so a live answer's last words reach the decoder a frame after they were spoken, not
    /// <see cref="LookAhead"/> later (that wait, decoded only at the answer's end, took live feedback past 1 s). By then
    /// the quietest share of the audio heard so far barely moves with half a second more. Default 2 s.
    /// </summary>
    public TimeSpan LookAheadFor { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Audio whose frames so far average this many dB or more above the noise estimate is left as it is: clean
    /// recordings (the dev set's clean clips stand about 45-50 dB above their quietest frames, its 20 dB and 10 dB
    /// clips 15-25 dB, a real room recording 36 dB). Default 40.
    /// </summary>
    public double CleanAboveDb { get; init; } = 40;

    /// <summary>
    /// Reads the command line's setting: "off" (null), "on" (these defaults), or e.g. "alpha=1.5,floor=0.2,quiet=0.05".
    /// </summary>
    /// <exception cref="TranscriptionException">The text is none of these; the message names the bad part.</exception>
    public static NoiseSuppressorOptions? Parse(string text) => SettingText.Parse(
        "denoise",
        text,
        new NoiseSuppressorOptions(),
        With,
        "alpha=<over-subtraction above 0>, floor=<gain in (0, 1]>, quiet=<share of frames in (0, 1]>, ahead=<seconds in [0, 5]>, ahead-for=<seconds in [0, 600]>, clean=<dB above 0>, e.g. \"alpha=1,floor=0.3\"");

    private static NoiseSuppressorOptions? With(NoiseSuppressorOptions options, string name, double value) => name switch
    {
        "alpha" when value > 0 => options with { OverSubtraction = value },
        "floor" when value is > 0 and <= 1 => options with { Floor = value },
        "quiet" when value is > 0 and <= 1 => options with { QuietShare = value },
        "ahead" when value is >= 0 and <= 5 => options with { LookAhead = TimeSpan.FromSeconds(value) },
        "ahead-for" when value is >= 0 and <= 600 => options with { LookAheadFor = TimeSpan.FromSeconds(value) },
        "clean" when value > 0 => options with { CleanAboveDb = value },
        _ => null,
    };
}
