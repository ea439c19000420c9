using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Text;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// Whether a far-too-short answer still says something (rubric substance): the label rules' "C: a thin or too-short
/// answer with some substance" ("Eight weeks. Algorithms first, then system design, then culture.") against a sentence
/// with nothing to judge ("It's the next step for me."). Deterministic and thread-safe.
/// </summary>
public sealed class ShortAnswerSubstance(RubricSettings rubric)
{
    /// <summary>
    /// True when the answer is long enough to be a sentence (substance.min_share_of_minimum of its target's minimum), on
    /// topic (substance.min_similarity), says nothing wrong (no red flag, wrong claim, cut-off or off-topic flag; for
    /// a story, an example), and says the idea (its sentences cover substance.min_points_covered of its talking points) or
    /// gives a number or a reason or step (substance.markers).
    /// </summary>
    public bool SaysSomething(Question question, string transcript, AnswerFindings f, IReadOnlyList<string> flags)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(flags);
        var s = rubric.Substance;
        if (s.MinShareOfMinimum <= 0 || f.LengthSeconds < s.MinShareOfMinimum * f.TargetSeconds.Min)
        {
            return false;
        }

        var wrong = f.RedFlags.Count > 0 || f.WrongClaims.Count > 0
            || flags.Any(flag => flag is "off_topic" or "red_flag" or "incomplete" || (flag == "no_example" && question.Kind == QuestionKinds.Story));
        if (wrong || f.RelevanceSimilarity < s.MinSimilarity)
        {
            return false;
        }

        return SaysTheIdea(question, f) || HoldsSomething(transcript, f);
    }

    /// <summary>Its sentences cover at least substance.min_points_covered of the question's talking points.</summary>
    private bool SaysTheIdea(Question question, AnswerFindings f)
    {
        var min = rubric.Substance.MinPointsCovered;
        return min > 0 && question.TalkingPoints.Count > 0 && Math.Round(f.TalkingPointsCovered * question.TalkingPoints.Count) >= min;
    }

    /// <summary>Whether the words hold a number or a reason or step (substance.markers), however short: "Six weeks, coding first."</summary>
    public bool HoldsSomething(string transcript, AnswerFindings f)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (f.Numbers.Count > 0)
        {
            return true;
        }

        var words = string.IsNullOrWhiteSpace(transcript) ? [] : WordText.Words(transcript);
        return words.Count > 0 && rubric.Substance.Markers.Any(m => m.OccursIn(words));
    }

    /// <summary>
    /// A concept answer with nothing of the candidate's own: no example (not even a worked illustration), no number, and
    /// at most substance.impersonal_max_first_person first-person words: the idea named in general terms ("they work on
    /// AI for content creation"; a list of the right terms). A design's "I'd" is hypothetical, so only concept answers.
    /// </summary>
    public bool Impersonal(Question question, AnswerFindings f)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(f);
        var max = rubric.Substance.ImpersonalMaxFirstPerson;
        return max >= 0 && question.Kind == QuestionKinds.Concept && f.Words > 0 && !f.HasExample && f.Numbers.Count == 0 && f.IWords + f.WeWords <= max;
    }

    /// <summary>
    /// Thin and generic (substance.generic_*): an answer of one of substance.generic_kinds, shorter than
    /// substance.generic_max_share_of_minimum of its target's minimum, whose sentences cover at most
    /// substance.generic_max_points_covered of its talking points, with no example of her own, no number, no tool and no
    /// term of the role beyond the question's own words:
    /// fluent and true, and it could be said by any candidate ("they work together on new technology for the content side";
    /// "I'll prepare as much as I can and do my best"). An answer with one of substance.generic_unless_flagged (no_example
    /// or too_short: that gap is named already; cut off or a critical miss: that sets its grade) is not generic as well.
    /// </summary>
    public bool Generic(Question question, AnswerFindings f, IReadOnlyList<string> flags)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(flags);
        var s = rubric.Substance;
        if (!s.GenericKinds.Contains(question.Kind) || f.Words == 0 || f.LengthSeconds >= s.GenericMaxShareOfMinimum * f.TargetSeconds.Min)
        {
            return false;
        }

        var covered = question.TalkingPoints.Count == 0 ? 0 : Math.Round(f.TalkingPointsCovered * question.TalkingPoints.Count);
        return covered <= s.GenericMaxPointsCovered && !f.HasExample && f.Numbers.Count == 0 && f.ToolsNamed.Count == 0
            && !flags.Any(s.GenericUnlessFlagged.Contains) && !NamesTheRoleBeyondTheQuestion(question, f);
    }

    /// <summary>
    /// A term of the role (company role.terms: "artists", "ComfyUI", "visual effects") that the question's own text does
    /// not say: a concrete noun of this job. Echoing the question's own names ("Eyeline", "Media Algorithms") is not one.
    /// </summary>
    private static bool NamesTheRoleBeyondTheQuestion(Question question, AnswerFindings f)
    {
        var asked = WordText.Words(question.Text);
        return f.RoleTerms.Any(term => !new Phrase(term).OccursIn(asked));
    }

    /// <summary>
    /// An explanation (concept or design) that lists tools instead of designing: at least substance.tool_list_min_tools
    /// different tools named, at substance.tool_list_per_100_words or more ("Kafka for streaming, Spark for batch, MLflow
    /// for tracking…"). A design that names its tools among its reasons names a few per hundred words.
    /// </summary>
    public bool ListsTools(Question question, AnswerFindings f)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(f);
        var s = rubric.Substance;
        return s.ToolListMinTools > 0 && question.Kind is QuestionKinds.Concept or QuestionKinds.Design && f.Words > 0
            && f.ToolsNamed.Count >= s.ToolListMinTools && 100.0 * f.ToolsNamed.Count / f.Words >= s.ToolListPer100Words;
    }
}
