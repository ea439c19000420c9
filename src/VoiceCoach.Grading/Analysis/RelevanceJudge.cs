using System.Globalization;
using System.Numerics.Tensors;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Grading.Semantics;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// Does the answer address its question? By meaning, not by shared words: the mean similarity of the answer's best
/// sentences to the question and its talking points, judged against the bank's other questions (an incident story
/// that never says "incident" is still closer to the incident question than to "Why Netflix?"). Off topic only
/// when the similarity is low AND the answer is closer to many other questions than to its own.
/// </summary>
internal sealed class RelevanceJudge
{
    private readonly RubricSettings _rubric;
    private readonly SemanticModel _semantic;

    public RelevanceJudge(RubricSettings rubric, SemanticModel semantic)
    {
        _rubric = rubric;
        _semantic = semantic;
    }

    public Result Judge(SentenceView view, Question question, CancellationToken cancellationToken)
    {
        var s = _rubric.Semantic;
        if (view.Count == 0)
        {
            return new Result(0, 0, 0, 0, string.Empty, 0, 0, 0, 0, 0);
        }

        var own = _semantic.References(SemanticModel.OwnTexts(question).ToList(), cancellationToken);
        var neighbours = _semantic.Neighbours(question);
        var others = _semantic.References(neighbours.Select(n => n.Text).ToList(), cancellationToken);

        var similarity = TopMean(view.Vectors, own, s.RelevanceSentences);

        // Ranked on question texts alone, so talking points do not give the own question an edge the others lack.
        var ownQuestion = TopMean(view.Vectors, [own[0]], s.RelevanceSentences);
        var toOthers = others.Select(o => TopMean(view.Vectors, [o], s.RelevanceSentences)).ToList();
        var closer = others.Count == 0 ? 0 : toOthers.Count(m => m > ownQuestion) / (double)others.Count;

        var relevance = Math.Clamp((similarity - s.OffTopicSimilarity) / (s.FullRelevanceSimilarity - s.OffTopicSimilarity), 0, 1);

        // Each talking point's closest sentence: the own texts after the question are its talking points.
        var points = own.Skip(1).Select(p => view.Vectors.Max(v => (double)TensorPrimitives.Dot(v, p))).ToList();
        var pointSimilarity = points.Count == 0 ? 0 : points.Average();
        double confidence = 0;
        if (view.Text.Count >= _rubric.RelevanceMinWords)
        {
            // Relative: with no other question to rank the answer against (a one-question pack), nothing is off topic by rank.
            if (others.Count > 0 && similarity < s.OnTopicSimilarity && closer >= s.OffTopicRankShare)
            {
                var distance = Math.Clamp((s.OnTopicSimilarity - similarity) / (s.OnTopicSimilarity - s.OffTopicSimilarity), 0, 1);
                var rank = s.OffTopicRankShare >= 1 ? 1 : (closer - s.OffTopicRankShare) / (1 - s.OffTopicRankShare);
                confidence = distance * (0.5 + (0.5 * rank));
                if (question.Kind == QuestionKinds.Story)
                {
                    confidence = Math.Min(confidence, s.StoryOffTopicConfidence);
                }
            }

            // An explanation of something else: sure once it is below the bound and another question is closer, the surer
            // the more of them are.
            if (question.Kind is QuestionKinds.Concept or QuestionKinds.Design && similarity < s.ExplanationOnTopicSimilarity && closer > 0)
            {
                var sure = _rubric.Critical.CapConfidence + ((1 - _rubric.Critical.CapConfidence) * closer);
                // Unless it touches everything its question asks for: then it explains the asked idea in its own words (a
                // clarifying question back, "okay, both", and advice from its own past sit far from the question's wording).
                // Likewise when its sentences come near the question's talking points on the whole (semantic.explanation_points_on_topic):
                // a habit told in its own words ("every Friday I block two hours for one paper") is near "keeps learning".
                // And one neighbour of many reading closer is no proof (semantic.explanation_sure_closer_share).
                if (AskedForCheck.TouchesAll(view, question, _rubric.AskedFor.MinElements)
                    || (s.ExplanationPointsOnTopic > 0 && pointSimilarity >= s.ExplanationPointsOnTopic)
                    || closer < s.ExplanationSureCloserShare)
                {
                    sure = Math.Min(sure, s.ExplanationAskedForConfidence);
                }

                confidence = Math.Max(confidence, sure);
            }
        }

        var reason = string.Empty;
        if (confidence > 0)
        {
            var nearest = neighbours[Enumerable.Range(0, others.Count).MaxBy(i => toOthers[i])];
            reason = string.Create(CultureInfo.InvariantCulture, $"similarity {similarity:0.00} to the question; {closer:0%} of the bank's other questions are closer (nearest: \"{nearest.Text}\")");
        }

        var covered = points.Count == 0 ? 0 : points.Count(x => x >= s.TalkingPointCovered) / (double)points.Count;
        // Evidence for the calibrated grade: how far the answer, or its most sibling-like sentence, leans to another question.
        var sentenceMargin = others.Count == 0 ? 0 : view.Vectors.Max(v => others.Max(o => (double)TensorPrimitives.Dot(v, o)) - TensorPrimitives.Dot(v, own[0]));
        var answerMargin = others.Count == 0 ? 0 : toOthers.Max() - ownQuestion;
        return new Result(relevance, similarity, closer, confidence, reason, pointSimilarity, covered, Misconception(view, question, own, cancellationToken), sentenceMargin, answerMargin);
    }

    /// <summary>
    /// How far the answer's sentence closest to a known-wrong statement of the idea leans to it: its similarity to the
    /// misconception minus its similarity to the question's closest talking point (0 when no sentence is closer to a
    /// misconception, or the question lists none).
    /// </summary>
    private double Misconception(SentenceView view, Question question, IReadOnlyList<float[]> own, CancellationToken cancellationToken)
    {
        if (question.Misconceptions.Count == 0)
        {
            return 0;
        }

        var wrong = _semantic.References(question.Misconceptions, cancellationToken);
        var lean = view.Vectors.Max(v => wrong.Max(m => (double)TensorPrimitives.Dot(v, m)) - own.Skip(1).DefaultIfEmpty(own[0]).Max(p => (double)TensorPrimitives.Dot(v, p)));
        return Math.Max(0, lean);
    }

    /// <summary>For each sentence its best similarity to any reference; the mean of the <paramref name="top"/> best sentences.</summary>
    internal static double TopMean(IReadOnlyList<float[]> sentences, IReadOnlyList<float[]> references, int top)
    {
        var best = sentences.Select(v => references.Max(r => (double)TensorPrimitives.Dot(v, r))).OrderDescending().Take(top).ToList();
        return best.Count == 0 ? 0 : best.Average();
    }

    /// <param name="Relevance">0–1 for the relevance criterion.</param>
    /// <param name="Similarity">Mean similarity of the best sentences to the question and its talking points.</param>
    /// <param name="CloserShare">Share of the bank's other questions closer to the answer than its own.</param>
    /// <param name="OffTopicConfidence">How sure the analysis is that the answer is off topic.</param>
    /// <param name="Reason">What the confidence rests on.</param>
    /// <param name="TalkingPointSimilarity">Each talking point's closest sentence, averaged.</param>
    /// <param name="TalkingPointsCovered">Share of the talking points some sentence covers.</param>
    /// <param name="MisconceptionLean">How much closer the answer's most misled sentence is to a known-wrong statement than to any talking point.</param>
    /// <param name="SiblingSentenceMargin">The sentence most like another question: that question's similarity minus its own question's.</param>
    /// <param name="SiblingAnswerMargin">The closest other question's similarity to the best sentences minus its own question's.</param>
    public sealed record Result(double Relevance, double Similarity, double CloserShare, double OffTopicConfidence, string Reason, double TalkingPointSimilarity, double TalkingPointsCovered, double MisconceptionLean, double SiblingSentenceMargin, double SiblingAnswerMargin);
}
