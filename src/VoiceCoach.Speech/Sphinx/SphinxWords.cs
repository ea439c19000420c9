using System.Text.RegularExpressions;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Speech.Sphinx;

/// <summary>One entry of the decoder's word segmentation, as PocketSphinx reports it.</summary>
/// <param name="Word">Dictionary word, e.g. "for(2)", "&lt;sil&gt;", "[NOISE]".</param>
/// <param name="StartFrame">First frame (10 ms each, counted from the start of the stream).</param>
/// <param name="EndFrame">Last frame, inclusive.</param>
/// <param name="Confidence">Posterior probability in [0, 1].</param>
/// <param name="AcousticScore">The word's acoustic score over its frames (scaled log units, 0 = each frame's best senone).</param>
internal readonly record struct SphinxWord(string Word, int StartFrame, int EndFrame, double Confidence, int AcousticScore = 0)
{
    /// <summary>Frames the word spans (its end frame is inclusive).</summary>
    public int Frames => EndFrame - StartFrame + 1;
}

/// <summary>
/// Turns PocketSphinx's word segmentation into <see cref="TranscriptSegment"/>s: drops sentence
/// markers, silence and noise, strips alternate-pronunciation suffixes, keeps hesitations.
/// </summary>
internal static partial class SphinxWords
{
    /// <summary>PocketSphinx's default frame rate (<c>-frate 100</c>).</summary>
    public const int FramesPerSecond = 100;

    // Hesitations the grader counts as fillers. The en-us model has "um", "uh" as ordinary words;
    // other models write them as noise words like "++UM++", which are mapped back here.
    private static readonly HashSet<string> Hesitations = new(StringComparer.OrdinalIgnoreCase)
    {
        "um", "uh", "uhm", "umm", "uhh", "ah", "er", "erm", "hmm", "mm",
    };

    /// <summary>The word as the transcript shows it, or null for silence, noise and sentence markers.</summary>
    public static string? Clean(string raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var word = raw.Trim();
        if (word.StartsWith('<') || word.StartsWith('['))
        {
            return null; // <s> </s> <sil> [NOISE] [SPEECH]
        }

        if (word.StartsWith("++", StringComparison.Ordinal))
        {
            var inner = word.Trim('+');
            return Hesitations.Contains(inner) ? inner.ToLowerInvariant() : null; // ++UH++ -> uh, ++BREATH++ -> dropped
        }

        return AlternatePronunciation().Replace(word, string.Empty);
    }

    /// <summary>
    /// Builds segments: each utterance is at least one segment, split further wherever the silence
    /// between two words is longer than <paramref name="pause"/>. Times are clamped to the clip.
    /// </summary>
    public static IReadOnlyList<TranscriptSegment> ToSegments(
        IEnumerable<IReadOnlyList<SphinxWord>> utterances, TimeSpan clipDuration, TimeSpan pause)
    {
        var segments = new List<TranscriptSegment>();
        foreach (var utterance in utterances)
        {
            var current = new List<TimedWord>();
            foreach (var raw in utterance)
            {
                var text = Clean(raw.Word);
                if (text is null)
                {
                    continue;
                }

                var start = Clamp(FrameTime(raw.StartFrame), clipDuration);
                var end = Clamp(FrameTime(raw.EndFrame + 1), clipDuration);
                var word = new TimedWord(text, start, end < start ? start : end, Math.Clamp(raw.Confidence, 0.0, 1.0));
                if (current.Count > 0 && word.Start - current[^1].End > pause)
                {
                    segments.Add(ToSegment(current));
                    current = [];
                }

                current.Add(word);
            }

            if (current.Count > 0)
            {
                segments.Add(ToSegment(current));
            }
        }

        return segments;
    }

    private static TranscriptSegment ToSegment(List<TimedWord> words) =>
        new(words[0].Start, words[^1].End, string.Join(' ', words.Select(w => w.Text)), words);

    private static TimeSpan FrameTime(int frame) => TimeSpan.FromMilliseconds(frame * (1000.0 / FramesPerSecond));

    private static TimeSpan Clamp(TimeSpan time, TimeSpan max) =>
        time < TimeSpan.Zero ? TimeSpan.Zero : time > max ? max : time;

    [GeneratedRegex(@"\(\d+\)$")]
    private static partial Regex AlternatePronunciation();
}
