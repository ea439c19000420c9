using VoiceCoach.Core.Text;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// An answer's words, normalised, with their raw forms, times (seconds) and recogniser confidences, and its
/// sentences once <see cref="SentenceSplitter"/> has found them. Immutable after construction.
/// </summary>
internal sealed class AnswerText
{
    private AnswerText(List<string> norm, List<string> raw, List<double> start, List<double> end, List<double?> confidence)
    {
        NormArray = norm.ToArray();
        Raw = raw.ToArray();
        Start = start.ToArray();
        End = end.ToArray();
        Confidence = confidence.ToArray();
        SentenceEnds = Raw.Count(WordText.EndsSentence);
        HasPunctuation = Raw.Any(r => WordText.EndsClause(r) || r.EndsWith(','));
        Index = new WordIndex(NormArray);
    }

    public IReadOnlyList<string> Norm => NormArray;

    public string[] NormArray { get; }

    public string[] Raw { get; }

    public double[] Start { get; }

    public double[] End { get; }

    /// <summary>The recogniser's confidence in each word, when it gave one.</summary>
    public double?[] Confidence { get; }

    public int Count => NormArray.Length;

    /// <summary>Words ending in ".", "!" or "?".</summary>
    public int SentenceEnds { get; }

    /// <summary>True for a typed (or punctuating recogniser's) transcript.</summary>
    public bool HasPunctuation { get; }

    /// <summary>The words present, for skipping phrases that cannot occur.</summary>
    public WordIndex Index { get; }

    public static AnswerText From(Transcript transcript)
    {
        var norm = new List<string>();
        var raw = new List<string>();
        var start = new List<double>();
        var end = new List<double>();
        var confidence = new List<double?>();
        foreach (var word in transcript.Words)
        {
            var parts = WordText.Normalize(word.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var k = 0; k < parts.Length; k++)
            {
                norm.Add(parts[k]);

                // Punctuation belongs to the last part of a split word ("trade-off." → "trade", "off.").
                raw.Add(k == parts.Length - 1 ? word.Text.Trim() : string.Empty);
                start.Add(word.Start.TotalSeconds);
                end.Add(word.End.TotalSeconds);
                confidence.Add(word.Confidence);
            }
        }

        return new AnswerText(norm, raw, start, end, confidence);
    }

    public IReadOnlyList<string> Slice(int first, int last) => new ArraySegment<string>(NormArray, first, last - first + 1);

    public IReadOnlyList<string> Slice(Span span) => Slice(span.First, span.Last);

    public string RawText(int first, int last) => string.Join(' ', Raw.Skip(first).Take(last - first + 1).Where(r => r.Length > 0));

    public string RawText(Span span) => RawText(span.First, span.Last);

    /// <summary>A sentence: the indexes of its first and last word.</summary>
    public readonly record struct Span(int First, int Last)
    {
        public bool Contains(int word) => word >= First && word <= Last;
    }
}
