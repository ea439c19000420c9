using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;

namespace VoiceCoach.Grading.Calibration;

/// <summary>
/// The evidence the calibrated grade is learned from: one vector per graded answer, every entry something the rubric's
/// analyzers already measured (sub-scores and score, flags and the critical misses' confidences, question kind, length
/// against the target, pace, fillers, I/we, numbers, values shown and named, STAR coverage and the classifier's
/// probabilities, the sentence encoder's similarities, how far a sentence leans to a sibling question, the red-flag
/// classifier's strongest probability below its bars, wrong claims, tools, the company named, repeats, sentences). No raw sentence vectors: a few hundred labelled answers cannot
/// fit them. The names are the weights file's contract: a file trained on another list is refused.
/// </summary>
public static class CalibrationFeatures
{
    /// <summary>The flags the vector carries as 0/1 (no_answer is never calibrated: its grade is rubric.yaml's).</summary>
    public static readonly IReadOnlyList<string> Flags =
        ["no_example", "incomplete", "off_topic", "red_flag", "too_short", "too_long", "we_heavy", "no_numbers", "no_values", "no_enthusiasm", "fillers", "fast", "slow"];

    /// <summary>The critical misses whose confidence the vector carries (0 when not suspected).</summary>
    public static readonly IReadOnlyList<string> Critical = ["no_example", "incomplete", "off_topic", "red_flag"];

    private static readonly StarPart[] Parts = Enum.GetValues<StarPart>();

    /// <summary>The feature names, in vector order.</summary>
    public static IReadOnlyList<string> Names { get; } = BuildNames();

    /// <summary>The vector of a rubric-graded answer (with speech), in <see cref="Names"/> order.</summary>
    /// <param name="graded">The rubric's grading, before any calibration.</param>
    /// <param name="rubric">rubric.yaml (the grade scale).</param>
    public static double[] Vector(GradedAnswer graded, RubricSettings rubric)
    {
        ArgumentNullException.ThrowIfNull(graded);
        ArgumentNullException.ThrowIfNull(rubric);
        var f = graded.Findings;
        var v = new List<double>(Names.Count)
        {
            graded.Score / 100,
            rubric.Rank(graded.RubricGrade),
        };
        v.AddRange(RubricSettings.Criteria.Select(c => graded.Criteria.GetValueOrDefault(c) / 100));
        v.AddRange(Flags.Select(flag => graded.Flags.Contains(flag) ? 1.0 : 0.0));
        v.AddRange(Critical.Select(flag => f.CriticalMisses.Where(c => c.Flag == flag).Select(c => c.Confidence).DefaultIfEmpty(0).Max()));
        v.AddRange(QuestionKinds.All.Select(kind => string.Equals(graded.Question.Kind, kind, StringComparison.OrdinalIgnoreCase) ? 1.0 : 0.0));
        var (min, max) = f.TargetSeconds;
        v.Add(f.LengthSeconds / Math.Max(1, min));
        v.Add(f.LengthSeconds / Math.Max(1, max));
        v.Add(Math.Log(1 + f.Words));
        v.Add(f.WordsPerMinute / 100);
        v.Add(f.FillersPerMinute);
        v.Add(f.HedgeCount);
        v.Add(Math.Log(1 + f.IWords));
        v.Add(Math.Log(1 + f.WeWords));
        v.Add(f.IWords + f.WeWords == 0 ? 0 : f.WeWords / (double)(f.IWords + f.WeWords));
        v.Add(f.Numbers.Count);
        v.Add(f.ResultNumbers.Count);
        v.Add(f.Values.Count(x => x.Tied));
        v.Add(f.Values.Count(x => x.Named));
        v.Add(f.KeyPhrasesUsed.Count);
        v.Add(f.RoleTerms.Count);
        v.Add(f.EnthusiasmMarkers.Count);
        v.Add(f.RedFlags.Count);
        v.Add(f.HasExample ? 1 : 0);
        v.Add(f.StoryEvidence);
        v.Add(f.OpinionMarkers);
        v.AddRange(Parts.Select(p => f.Star[p].Present ? 1.0 : 0.0));
        v.AddRange(Parts.Select(p => f.Star[p].Probability));
        v.Add(f.Relevance);
        v.Add(f.RelevanceSimilarity);
        v.Add(f.CloserQuestionsShare);
        v.Add(f.TalkingPointSimilarity);
        v.Add(f.TalkingPointsCovered);
        v.Add(f.MisconceptionLean);
        v.AddRange([f.SiblingSentenceMargin, f.SiblingAnswerMargin, f.RedFlagStanceMax, f.RedFlagStanceStatedMax]);
        v.AddRange([f.WrongClaims.Count, f.ToolsNamed.Count, f.MentionsCompany ? 1 : 0, f.Repeats.Count, f.RedFlags.Count(r => r.IsHighSeverity()), f.Sentences.Count]);

        // A possible red flag (a "needs work" point, not a flag): the critical check is there without the flag.
        v.Add(f.CriticalMisses.Any(c => c.Flag == "red_flag") && !graded.Flags.Contains("red_flag") ? 1 : 0);
        return [.. v];
    }

    private static List<string> BuildNames()
    {
        var names = new List<string> { "score", "rubric_grade_step" };
        names.AddRange(RubricSettings.Criteria.Select(c => "criterion." + c));
        names.AddRange(Flags.Select(f => "flag." + f));
        names.AddRange(Critical.Select(c => "confidence." + c));
        names.AddRange(QuestionKinds.All.Select(k => "kind." + k));
        names.AddRange([
            "length_over_min", "length_over_max", "log_words", "words_per_minute", "fillers_per_minute", "hedges",
            "log_i_words", "log_we_words", "we_share", "numbers", "result_numbers", "values_shown", "values_named",
            "culture_phrases", "role_terms", "enthusiasm_words", "red_flags", "has_example", "story_evidence", "opinion_markers",
        ]);
        names.AddRange(Parts.Select(p => "star_present." + p.ToString().ToLowerInvariant()));
        names.AddRange(Parts.Select(p => "star_probability." + p.ToString().ToLowerInvariant()));
        names.AddRange(["relevance", "similarity_to_question", "closer_questions_share", "talking_point_similarity", "talking_points_covered", "misconception_lean",
            "sibling_sentence_margin", "sibling_answer_margin", "red_flag_stance_max", "red_flag_stance_stated_max",
            "wrong_claims", "tools_named", "mentions_company", "repeats", "high_red_flags", "sentences", "possible_red_flag"]);
        return names;
    }
}
