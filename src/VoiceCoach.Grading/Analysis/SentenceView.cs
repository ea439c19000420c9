using VoiceCoach.Grading.Semantics;
using Span = VoiceCoach.Grading.Analysis.AnswerText.Span;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// The answer seen sentence by sentence, shared by the analysis parts: each sentence's words, its vector from the
/// sentence encoder and the classifier's probability of each STAR-Lite part (and "other").
/// </summary>
internal sealed class SentenceView
{
    public SentenceView(AnswerText text, List<Span> spans, IReadOnlyList<float[]> vectors, IReadOnlyList<double[]> parts)
    {
        Text = text;
        Spans = spans;
        Vectors = vectors;
        Parts = parts;
    }

    public AnswerText Text { get; }

    public List<Span> Spans { get; }

    public IReadOnlyList<float[]> Vectors { get; }

    /// <summary>Per sentence, the probability of situation, task, action, result, connection, other (<see cref="StarClassifier.Classes"/>).</summary>
    public IReadOnlyList<double[]> Parts { get; }

    public int Count => Spans.Count;

    public IReadOnlyList<string> Words(int sentence) => Text.Slice(Spans[sentence]);

    /// <summary>Probability that a sentence tells part of a story (situation, task, action or result).</summary>
    public double StoryProbability(int sentence) => Parts[sentence][0] + Parts[sentence][1] + Parts[sentence][2] + Parts[sentence][3];

    /// <summary>The sentence holding word <paramref name="word"/>.</summary>
    public int SentenceOf(int word) => Spans.FindIndex(s => s.Contains(word));
}
