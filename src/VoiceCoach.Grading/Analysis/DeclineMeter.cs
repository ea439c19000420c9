using System.Numerics.Tensors;
using VoiceCoach.Core.Grading;
using VoiceCoach.Grading.Semantics;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// How like a request to skip the question an answer's most such sentence is: its sentence vectors against the rubric's
/// written examples (no_attempt.examples), measured on every answer. <see cref="AnswerFlags"/> alone decides from it, with
/// the answer's length (no_attempt.max_words, or too short with nothing near the question), whether the candidate declined. Deterministic; safe to share across threads.
/// </summary>
internal sealed class DeclineMeter
{
    private readonly RubricSettings _rubric;
    private readonly SemanticModel _semantic;

    public DeclineMeter(RubricSettings rubric, SemanticModel semantic)
    {
        _rubric = rubric;
        _semantic = semantic;
    }

    /// <summary>The highest cosine between a sentence and an example; 0 with no examples or no sentences.</summary>
    public double Similarity(SentenceView view, CancellationToken cancellationToken)
    {
        if (_rubric.NoAttemptExamples.Count == 0 || view.Count == 0)
        {
            return 0;
        }

        var examples = _semantic.References(_rubric.NoAttemptExamples, cancellationToken);
        return view.Vectors.Max(v => examples.Max(e => (double)TensorPrimitives.Dot(v, e)));
    }
}
