using System.Globalization;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// Is there a concrete example, or only opinions? Two kinds of evidence, either enough: the words (first-person
/// past-tense actions, specific markers such as "last year" or "for example", numbers; opinion markers count
/// against) and the STAR classifier (sentences that are likely Situation, Task, Action or Result). A habit shown
/// with an instance ("For example, I keep a weekly office hour…") is an example; "I would…" is not.
/// </summary>
internal sealed class ExampleDetector
{
    private readonly RubricSettings _rubric;

    public ExampleDetector(RubricSettings rubric) => _rubric = rubric;

    public Result Detect(SentenceView view, Question question)
    {
        var w = view.Text;
        var pastActions = English.CountFirstPersonPast(w.Norm);
        var specific = _rubric.SpecificMarkers.Where(p => p.MayOccurIn(w.Index)).Sum(p => p.CountIn(w.Norm));
        var numbers = NumberFinder.Find(w.Norm).Count;
        var opinions = _rubric.OpinionMarkers.Where(p => p.MayOccurIn(w.Index)).Sum(p => p.CountIn(w.Norm));
        var evidence = pastActions + (_rubric.SpecificMarkerEvidence * specific) + Math.Min(numbers, _rubric.MaxNumberEvidence);
        var s = _rubric.Semantic;
        // A story with nothing that happened in it (no past action of hers, no specific, no number): its story-like
        // sentences are a rule of thumb or a habit, not an example (rubric semantic.story_example_min_evidence).
        var storySentences = question.Kind == QuestionKinds.Story && evidence < s.StoryExampleMinEvidence
            ? 0
            : Enumerable.Range(0, view.Count).Count(i => view.StoryProbability(i) >= s.ExampleSentenceProbability);
        var lexical = evidence >= _rubric.MinStoryEvidence && evidence >= opinions;
        var semantic = storySentences >= s.ExampleSentences;
        // A technical concept question asks for an illustration of the idea ("say we're predicting house prices... a
        // degree-fifteen polynomial on a hundred houses"), not a story from her work.
        var worked = question.Kind == QuestionKinds.Concept && !AsksAboutPractice(question) && numbers > 0
            && _rubric.WorkedExampleMarkers.Any(p => p.MayOccurIn(w.Index) && p.OccursIn(w.Norm));
        var has = lexical || semantic || worked;

        var asked = AsksForExample(question);
        double confidence = 0;
        string reason = string.Empty;
        if (!has && asked && w.Count > 0)
        {
            // How far both kinds of evidence are from making an example: none at all is sure, half-way is not.
            var closest = Math.Max(evidence / _rubric.MinStoryEvidence, storySentences / s.ExampleSentences);
            confidence = Math.Clamp(1 - (0.5 * closest) - (opinions > evidence ? 0 : 0.1), 0, 1);
            reason = string.Create(CultureInfo.InvariantCulture, $"{storySentences} story sentence{(storySentences == 1 ? string.Empty : "s")}, story evidence {evidence:0.#} of {_rubric.MinStoryEvidence:0.#}, {opinions} opinion marker{(opinions == 1 ? string.Empty : "s")}");
        }

        return new Result(has, evidence, opinions, asked, confidence, reason);
    }

    /// <summary>
    /// Story questions always ask for an example; concept and motivation questions when their text or talking points do
    /// (rubric example.asked_by; "how do you approach/handle..." only in the rounds that ask about her own practice,
    /// example.practice_rounds). A logistics or design answer is never missing an example: a plan ("walk me through
    /// your preparation") or a design is what it asks for, not a story.
    /// </summary>
    public bool AsksForExample(Question question)
    {
        if (question.Kind == QuestionKinds.Story)
        {
            return true;
        }

        if (question.Kind is QuestionKinds.Logistics or QuestionKinds.Design)
        {
            return false;
        }

        var words = Core.Text.WordText.Words(string.Join(" . ", [question.Text, .. question.TalkingPoints]));
        return _rubric.ExampleAskedBy.Any(p => p.OccursIn(words)) || (AsksAboutPractice(question) && _rubric.PracticeAskedBy.Any(p => p.OccursIn(words)));
    }

    /// <summary>A recruiter or behavioural question asks about her own practice; a technical one about the technique.</summary>
    private bool AsksAboutPractice(Question question) => _rubric.PracticeRounds.Contains(question.Round);

    /// <param name="HasExample">A concrete example was given.</param>
    /// <param name="Evidence">The lexical story evidence.</param>
    /// <param name="Opinions">Opinion markers.</param>
    /// <param name="Asked">The question asks for an example.</param>
    /// <param name="NoExampleConfidence">How sure the analysis is that an asked-for example is missing (0 when one was given or none was asked).</param>
    /// <param name="Reason">What the confidence rests on.</param>
    public sealed record Result(bool HasExample, double Evidence, int Opinions, bool Asked, double NoExampleConfidence, string Reason);
}
