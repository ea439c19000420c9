using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Grading.Analysis;

namespace VoiceCoach.Grading;

/// <summary>
/// The flags a coach would raise on an answer (session.json "flags", the names in prompts/eval/eval.yaml) and the caps
/// they bring, in the order <see cref="RubricGrader"/> applies them. Every bound comes from <see cref="RubricSettings"/>.
/// A critical miss (off topic, no example, cut off, high red flag) is raised only when the analysis is sure of it
/// (rubric critical.cap_confidence). Thread-safe.
/// </summary>
public sealed class AnswerFlags
{
    /// <summary>The cap (rubric caps.far_too_short) of an answer under length.far_too_short_ratio of its minimum.</summary>
    public const string FarTooShortCap = "far_too_short";

    /// <summary>
    /// The cap (rubric caps.far_too_short_substance) of a far-too-short answer that still says something
    /// (<see cref="ShortAnswerSubstance"/>): thin with some substance, not nothing.
    /// </summary>
    public const string FarTooShortSubstanceCap = "far_too_short_substance";

    /// <summary>
    /// The cap (rubric caps.fragment) of a far-too-short answer under length.fragment_ratio of its minimum that holds no
    /// number, reason or step (<see cref="ShortAnswerSubstance"/>): a few words and almost nothing else.
    /// </summary>
    public const string FragmentCap = "fragment";

    /// <summary>
    /// The cap (rubric caps.contradicts_value) of a concept answer about a value whose red flag gets that value backwards
    /// ("like a family" asked about the four principles): wrong about the core idea, not one unlucky phrase.
    /// </summary>
    public const string ContradictsValueCap = "contradicts_value";

    /// <summary>
    /// The cap (rubric caps.no_example_motivation) of a motivation answer without the work example its question asked
    /// for: one real gap, the label rules' B+ (seed 004 Q1), however well the rest is said. Not a critical miss.
    /// </summary>
    public const string MotivationNoExampleCap = "no_example_motivation";

    /// <summary>
    /// The cap (rubric caps.red_flag_medium) of an answer with a medium red flag (or a high one heard too doubtfully to
    /// cap as critical does not count): the label rules' "B- / C+: a medium red flag in an otherwise sound answer", so an
    /// A's content does not buy its way back to a B or B+. Not a critical miss.
    /// </summary>
    public const string MediumRedFlagCap = "red_flag_medium";

    /// <summary>The cap (rubric caps.no_attempt) of a short answer that declines the question ("can I come back to this one?").</summary>
    public const string NoAttemptCap = "no_attempt";

    private readonly RubricSettings _rubric;
    private readonly CompanyPack _company;
    private readonly ShortAnswerSubstance _substance;

    /// <param name="rubric">rubric.yaml.</param>
    /// <param name="company">The company pack (its red flags say which values they contradict).</param>
    public AnswerFlags(RubricSettings rubric, CompanyPack company)
    {
        _rubric = rubric;
        _company = company;
        _substance = new ShortAnswerSubstance(rubric);
    }

    /// <summary>Whether a cap is one of far too short's (a sentence or two: with substance, without, or a fragment).</summary>
    public static bool IsFarTooShort(string cap) => cap is FarTooShortCap or FarTooShortSubstanceCap or FragmentCap;

    /// <summary>True for the caps of a critical miss: they put the answer in the D band (or F for no attempt).</summary>

    public static bool IsCritical(string cap) => cap is "no_example" or "incomplete" or "off_topic" or "red_flag" or NoAttemptCap;

    /// <summary>The flags a coach would raise on an answer that has speech.</summary>
    public List<string> Raise(Question q, AnswerFindings f)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(f);
        var flags = new List<string>();
        var story = q.Kind == QuestionKinds.Story;
        foreach (var critical in new[] { "no_example", "incomplete", "off_topic" })
        {
            if (Sure(f, critical))
            {
                flags.Add(critical);
            }
        }

        if (f.LengthVerdict == LengthVerdict.TooShort)
        {
            flags.Add("too_short");
        }

        if (f.LengthVerdict.IsOver())
        {
            flags.Add("too_long");
        }

        if (f.RedFlags.Count > 0)
        {
            flags.Add("red_flag");
        }

        // "We" hides her part only in an account of past work: a design's "we'd" is the hypothetical team.
        if (WeHeavy(f) && q.Kind != QuestionKinds.Design && (story || f.HasExample))
        {
            flags.Add("we_heavy");
        }

        // A number only in the situation ("we process five terabytes a month") measures the problem, not the result.
        if (story && f.HasExample && !f.NumbersInResult)
        {
            flags.Add("no_numbers");
        }

        // The pace is words over the spoken span: a typed transcript states its duration (grade manifests require
        // duration_s), so its pace is as real as a recording's even though its word times are estimated.
        var paceMeasurable = f.Words >= _rubric.PaceMinWords;
        if (paceMeasurable && f.WordsPerMinute > _rubric.FastPace)
        {
            flags.Add("fast");
        }

        if (paceMeasurable && f.WordsPerMinute < _rubric.SlowPace)
        {
            flags.Add("slow");
        }

        if (f.FillersPerMinute > _rubric.MaxFillersPerMinute && f.FillerCount >= 2)
        {
            flags.Add("fillers");
        }

        // Showing a value without naming it, or naming the company, is not "connecting to the culture" (seed 004 Q3).
        if (!f.Values.Any(v => v.Named) && f.KeyPhrasesUsed.Count == 0 && q.Kind is not (QuestionKinds.Design or QuestionKinds.Concept))
        {
            flags.Add("no_values");
        }

        if (q.Kind == QuestionKinds.Motivation && f.EnthusiasmMarkers.Count == 0)
        {
            flags.Add("no_enthusiasm");
        }

        return flags;
    }

    /// <summary>
    /// The caps that apply, in the order they are applied (each one only lowers the grade): declining the question, far
    /// too short, a concept answer that gets its value backwards, then the flags that cap (rubric caps:). A medium red
    /// flag and, outside a story question, a missing example cost points instead.
    /// </summary>
    public IEnumerable<string> Caps(AnswerToGrade answer, AnswerFindings f, IReadOnlyList<string> flags)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(flags);
        var q = answer.Question;
        if (DeclinesTheQuestion(answer.Transcript.Text, f))
        {
            yield return NoAttemptCap;
        }

        // A few seconds for a 30-60 s question leave almost nothing to judge: a coach gives that a D, not the C of an
        // answer that is merely too short. Not a flag of its own: the answer's flag stays too_short.
        if (f.LengthVerdict == LengthVerdict.TooShort && f.LengthSeconds < _rubric.FarTooShortSeconds(f.TargetSeconds.Min))
        {
            yield return _rubric.Caps.ContainsKey(FarTooShortSubstanceCap) && _substance.SaysSomething(q, answer.Transcript.Text, f, flags)
                ? FarTooShortSubstanceCap
                : _rubric.Caps.ContainsKey(FragmentCap) && f.LengthSeconds < _rubric.FragmentSeconds(f.TargetSeconds.Min)
                    && !_substance.HoldsSomething(answer.Transcript.Text, f) ? FragmentCap
                : FarTooShortCap;
        }

        var contradicts = q.Kind == QuestionKinds.Concept
            && f.RedFlags.Any(hit => _company.RedFlags.Any(r => r.Id == hit.Id && r.Contradicts.Intersect(q.Values, StringComparer.OrdinalIgnoreCase).Any()));
        if (contradicts)
        {
            yield return ContradictsValueCap;
        }

        foreach (var flag in flags)
        {
            // Only a high-severity red flag the analysis is sure of caps the grade; medium ones cost points.
            if (flag == "red_flag" && !Sure(f, "red_flag"))
            {
                // The same flag read as wrong about the idea asked (contradicts_value) is capped lower already.
                if (!contradicts && _rubric.Caps.ContainsKey(MediumRedFlagCap) && f.RedFlags.Any(h => !h.IsHighSeverity()))
                {
                    yield return MediumRedFlagCap;
                }

                continue;
            }

            // Only a story question is failed by a missing example; elsewhere it costs points, or, in a motivation answer,
            // holds the grade at one real gap's (rubric caps.no_example_motivation).
            if (flag == "no_example" && q.Kind != QuestionKinds.Story)
            {
                if (q.Kind == QuestionKinds.Motivation && _rubric.Caps.ContainsKey(MotivationNoExampleCap))
                {
                    yield return MotivationNoExampleCap;
                }

                continue;
            }

            if (flag == "too_short" && f.LengthVerdict != LengthVerdict.TooShort)
            {
                continue;
            }

            yield return flag;
        }
    }

    /// <summary>The analysis is sure enough of a critical miss to raise it (rubric critical.cap_confidence).</summary>
    private bool Sure(AnswerFindings f, string flag) =>
        f.CriticalMisses.Any(c => c.Flag == flag && c.Confidence >= _rubric.Critical.CapConfidence);

    /// <summary>"We" outweighs "I" (rubric ownership: we_share, min_we).</summary>
    private bool WeHeavy(AnswerFindings f) =>
        f.WeWords >= _rubric.MinWe && f.WeWords > _rubric.WeShare * (f.IWords + f.WeWords);

    /// <summary>
    /// Words that don't attempt the question: an answer that asks to skip or come back (no_attempt.phrases) and says
    /// nothing else, either short (rubric no_attempt.max_words, fillers left out) or too short with nothing near the
    /// question ("Sorry, can I come back to this one? I want to think about it for a second": below
    /// semantic.off_topic_similarity). An admission ("no idea", no_attempt.admissions) declines only in a shorter answer
    /// (no_attempt.admission_max_words). A longer answer that says "can I come back to this" and then answers is an attempt.
    /// A request to skip in other words counts as one of the phrases when a sentence is close in meaning to one of
    /// no_attempt.examples (no_attempt.example_similarity): each new speaker finds a new way to say it. So does a short
    /// answer that puts a request to the interviewer (no_attempt.requests: "could you give me a different question?") and
    /// covers none of the question's talking points.
    /// </summary>
    private bool DeclinesTheQuestion(string transcript, AnswerFindings f)
    {
        if (string.IsNullOrWhiteSpace(transcript))
        {
            return false;
        }

        var spoken = f.Words - f.FillerCount;
        var nearNothing = f.LengthVerdict == LengthVerdict.TooShort && f.RelevanceSimilarity < _rubric.Semantic.OffTopicSimilarity;
        var words = Core.Text.WordText.Words(transcript);
        bool Short(int maxWords) => spoken <= maxWords || nearNothing;
        bool Says(IReadOnlyList<Core.Text.Phrase> phrases, int maxWords) => Short(maxWords) && phrases.Any(p => p.OccursIn(words));
        var asksByMeaning = _rubric.NoAttemptExampleSimilarity > 0 && f.DeclineSimilarity >= _rubric.NoAttemptExampleSimilarity && Short(_rubric.NoAttemptMaxWords);
        var asksInstead = f.TalkingPointsCovered <= 0 && Says(_rubric.NoAttemptRequests, _rubric.NoAttemptMaxWords);
        return asksByMeaning || asksInstead || Says(_rubric.NoAttemptPhrases, _rubric.NoAttemptMaxWords) || Says(_rubric.NoAttemptAdmissions, _rubric.NoAttemptAdmissionMaxWords);
    }
}
