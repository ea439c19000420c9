using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// The filler pass (<see cref="SphinxFillerPass"/>): after the language-model search has decoded an utterance, the
/// same audio is decoded again with a grammar that allows only the words already heard, in the same order, with an
/// optional "um" or "uh" between any two of them. The language model had to choose between a hesitation and a common
/// word ("she was some reviewing"), and a bare vowel like "uh" lost to a word with context almost every time; the
/// grammar only asks whether a filler fits the audio between two words. A filler it finds is added when it lasts at
/// least <see cref="MinDuration"/> and its sounds match the audio well (<see cref="MinFrameScore"/>); the words and
/// fillers of the first decode are all kept.
/// </summary>
/// <remarks>
/// Chosen on the dev set (tests/domain-speech-dev, 24 clips, 8 of them filler-heavy), never on the test set: filler
/// recall 48 % before. The three numbers below trade fillers found against fillers invented on clips that have none.
/// </remarks>
public sealed record SphinxFillerOptions
{
    /// <summary>
    /// The grammar's probability of a filler between two words (split evenly between the fillers), in (0, 1). Default
    /// 1e-4; between 1e-2 and 1e-5 the fillers found changed by a few in 56, so the two checks below do the choosing.
    /// </summary>
    public double InsertionProbability { get; init; } = 1e-4;

    /// <summary>A filler shorter than this is dropped: a 30-60 ms "uh" is usually the edge of a vowel. Default 0.1 s.</summary>
    public TimeSpan MinDuration { get; init; } = TimeSpan.FromSeconds(0.1);

    /// <summary>
    /// The filler's acoustic score per 10 ms frame must be at least this (PocketSphinx's scaled log units, 0 = the best
    /// senone of the frame). Default -27: on the dev set the fillers really said scored -10 to -30, the ones invented on
    /// clips without fillers mostly -35 to -80.
    /// </summary>
    public int MinFrameScore { get; init; } = -27;

    /// <summary>
    /// A filler whose loudest 10 ms frame is more than this many dB below the speech heard so far (the 90th percentile of
    /// the stream's frame energies, <see cref="FrameLevels"/>) is dropped: a spoken "um" or "uh" is a vowel as loud as the
    /// words around it, one fitted to the noise left in a 10 dB answer is quieter. Default infinity (no check): on dev +
    /// fillers set 5 dB dropped one invented filler and no filler really said, too little to change the default by
    /// (README, round 15); <c>below-db=5</c> measures it.
    /// </summary>
    public double MaxBelowSpeechDb { get; init; } = double.PositiveInfinity;

    /// <summary>
    /// A counted "um" or "uh" that the <see cref="FillerJudge"/> gives a filler probability under this is dropped. Default
    /// 0.2 (with <see cref="SwapAbove"/> 0.2): on dev + fillers set it drops 10 counted fillers, 8 of them not said
    /// (leave-one-text-out); alone it moves no answer within ±1 (README, round 16); <c>reject=0</c> turns it off.
    /// </summary>
    public double RejectBelow { get; init; } = 0.2;

    /// <summary>
    /// A short first-decode word ("and", "of", "the", ...: the classifier's list) that the <see cref="FillerJudge"/> gives
    /// a filler probability over this becomes a filler. Default 0.2 (with <see cref="RejectBelow"/> 0.2), measured on the
    /// merged main of 2026-12-06 against both off: dev within ±1 12 -> 13 of 14 and word errors 16.1 -> 15.6 %, fillers
    /// set 16 -> 22 of 30 and 15.4 -> 14.8 %, terms set word errors and key phrases unchanged (14.9 %, 117 of 126) with 2
    /// more fillers counted on clips without any (README, round 16); 0.5 gained nothing on dev; <c>swap=1</c> turns it off.
    /// </summary>
    public double SwapAbove { get; init; } = 0.2;

    /// <summary>The fillers the grammar may insert; each must be in the dictionary. Default "um", "uh".</summary>
    public IReadOnlyList<string> Fillers { get; init; } = ["um", "uh"];

    /// <summary>Word pairs that get no filler slot between them, so a spoken "you know" stays one filler phrase.</summary>
    public IReadOnlyList<string> KeepTogether { get; init; } = ["you know", "i mean"];

    /// <summary>
    /// Reads the command line's setting: "on" (these defaults), "off" (null), or settings to measure with
    /// <c>transcribe --eval</c>, e.g. "p=1e-3,min-ms=80,min-score=-30" (the rest keep their defaults).
    /// </summary>
    /// <exception cref="TranscriptionException">The text is none of these; the message names the bad part.</exception>
    public static SphinxFillerOptions? Parse(string text) => SettingText.Parse(
        "filler pass",
        text,
        new SphinxFillerOptions(),
        With,
        "p=<probability between 0 and 1>, min-ms=<milliseconds>, min-score=<score per frame, 0 or below>, below-db=<dB under the speech level, 0 or above>, reject=<probability 0-1>, swap=<probability 0-1>, e.g. \"p=1e-4,min-ms=100,min-score=-27,below-db=5,reject=0.2,swap=0.5\"");

    private static SphinxFillerOptions? With(SphinxFillerOptions options, string name, double value) => name switch
    {
        "p" when value is > 0 and < 1 => options with { InsertionProbability = value },
        "min-ms" when value >= 0 => options with { MinDuration = TimeSpan.FromMilliseconds(value) },
        "min-score" when value <= 0 => options with { MinFrameScore = (int)Math.Round(value) },
        "below-db" when value >= 0 => options with { MaxBelowSpeechDb = value },
        "reject" when value is >= 0 and <= 1 => options with { RejectBelow = value },
        "swap" when value is >= 0 and <= 1 => options with { SwapAbove = value },
        _ => null,
    };
}
