using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Text;
using VoiceCoach.Grading.Semantics;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// Whether an answer is off topic, and how surely: the surest of four readings. Its distance from the question
/// (<see cref="RelevanceJudge"/>, waived when it names or shows a value its question is about), feedback told the wrong way
/// round (<see cref="FeedbackDirection"/>), a sibling question's story (<see cref="AskedForCheck"/>) and another value
/// named in place of the one asked for. Deterministic; safe to share across threads.
/// </summary>
internal sealed class OffTopicCheck
{
    private readonly RubricSettings _rubric;
    private readonly CompanyPack _company;
    private readonly FeedbackDirection _feedback;
    private readonly AskedForCheck _askedFor;

    public OffTopicCheck(RubricSettings rubric, CompanyPack company, SemanticModel semantic)
    {
        _rubric = rubric;
        _company = company;
        _feedback = new FeedbackDirection(rubric.FeedbackDirection);
        _askedFor = new AskedForCheck(rubric, semantic);
    }

    /// <summary>The off-topic confidence (0: on topic) and the reason the report gives.</summary>
    public (double Confidence, string Reason) Judge(SentenceView view, Question question, RelevanceJudge.Result relevance, IReadOnlyList<ValueEvidence> values, CancellationToken cancellationToken)
    {
        // An answer that names or shows a value its question is about addresses it ("Which principle resonates?" answered
        // "The Dream Team, for me…"), however far its sentences sit from the question's wording.
        var answersItsValue = values.Any(v => (v.Named || v.Tied) && question.Values.Contains(v.Id, StringComparer.OrdinalIgnoreCase));
        var best = answersItsValue ? (0, string.Empty) : (relevance.OffTopicConfidence, relevance.Reason);

        // Feedback received told for feedback given asked names the question's values too: the exemption does not apply.
        best = Surer(best, _feedback.Judge(view.Text.Norm, question));

        // A sibling question's story names the values the two questions share: the exemption does not apply either.
        best = Surer(best, _askedFor.Judge(view, question, cancellationToken));
        return answersItsValue ? best : Surer(best, OtherValueNamed(question, view.Text, values));
    }

    private static (double, string) Surer((double Confidence, string Reason) a, (double Confidence, string Reason) b) =>
        b.Confidence > a.Confidence ? b : a;

    /// <summary>
    /// A story asked for one value by name ("a time you showed courage") that says another value's name ("That's the kind
    /// of selflessness I try to bring") and never names or shows its own: the neighbouring values question's story (rubric
    /// semantic.other_value_named_confidence; 0: not read).
    /// </summary>
    private (double Confidence, string Reason) OtherValueNamed(Question question, AnswerText w, IReadOnlyList<ValueEvidence> values)
    {
        var confidence = _rubric.Semantic.OtherValueNamedConfidence;
        if (confidence <= 0 || question.Kind != QuestionKinds.Story || question.Values.Count != 1)
        {
            return (0, string.Empty);
        }

        var asked = _company.Values.FirstOrDefault(v => string.Equals(v.Id, question.Values[0], StringComparison.OrdinalIgnoreCase));
        if (asked is null || !asked.NamePhrase.OccursIn(WordText.Words(question.Text)))
        {
            return (0, string.Empty);
        }

        var found = values.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        var other = _company.Values.FirstOrDefault(v => v.Id != asked.Id && found.Contains(v.Id) && v.NamePhrase.OccursIn(w.Norm));
        return other is null ? (0, string.Empty) : (confidence, $"names {other.Name} as what the story shows, not {asked.Name}, which the question asks about");
    }
}
