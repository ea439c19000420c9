using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Text;
using static VoiceCoach.Core.Grading.RubricSections;

namespace VoiceCoach.Core.Grading;

/// <summary>Reads prompts/rubric.yaml into <see cref="RubricSettings"/>, validating every number.</summary>
public static class RubricLoader
{
    /// <summary>Reads and validates a rubric (shape, then meaning: <see cref="RubricValidator"/>).</summary>
    /// <exception cref="PromptFileException">Broken YAML, a missing field, an inconsistent or senseless value.</exception>
    public static RubricSettings Load(TextReader reader, string file)
    {
        var root = YamlNode.Parse(reader, file);
        var rubric = Load(root);
        PromptProblem.ThrowIfAny(RubricValidator.Validate(root));
        return rubric;
    }

    /// <summary>Reads the shape of a parsed rubric; the meaning is <see cref="RubricValidator"/>'s.</summary>
    internal static RubricSettings Load(YamlNode root)
    {
        var length = root["length"];
        var targets = ReadTargets(length["targets"]);
        var weights = ReadWeights(root["weights"]);
        var grades = ReadGrades(root["grades"]);
        var letters = grades.Select(g => g.Letter).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var caps = root["caps"].Entries().ToDictionary(e => e.Key, e => Letter(e.Value, e.Value.RequiredString(), letters), StringComparer.OrdinalIgnoreCase);
        var session = root["session"];
        var fluency = ReadFluency(session["fluency_levels"]);
        var star = root["star_budget"];
        var pace = root["pace"];
        var ideal = pace["ideal"].Range();
        var fillers = root["fillers"];
        var example = root["example"];
        var next = session["next_target"];
        var floor = Letter(next["grade_floor"], next["grade_floor"].StringOr("B"), letters);
        var noAnswer = root["no_answer"];
        var noAnswerGrade = Letter(noAnswer["grade"], noAnswer["grade"].StringOr("F"), letters);
        var quoteConfidence = root["quotes"]["min_confidence"].DoubleOr(0.5);
        if (quoteConfidence is < 0 or > 1)
        {
            throw root["quotes"]["min_confidence"].Error("must be between 0 and 1 (a recogniser's word confidence)");
        }

        var areas = Strings(root["areas"]);
        var areaOrder = root["areas"].Entries().Select(e => e.Key).ToList();
        CheckIds(root["areas"], RubricSettings.AreaIds, "development area");
        CheckIds(root["strengths"], RubricSettings.StrengthIds, "strength");

        return new RubricSettings
        {
            LengthTargets = targets,
            GraceSeconds = length["grace_seconds"].DoubleOr(5),
            TooShortRatio = length["too_short_ratio"].DoubleOr(0.67),
            ExplanationThinShare = length["explanation_thin_share"].DoubleOr(0),
            FarTooShortRatio = length["far_too_short_ratio"].DoubleOr(0),
            FarTooShortMaxSeconds = length["far_too_short_max_seconds"].DoubleOr(0),
            FragmentRatio = length["fragment_ratio"].DoubleOr(0),
            FragmentMaxSeconds = length["fragment_max_seconds"].DoubleOr(0),
            TooLongRatio = length["too_long_ratio"].DoubleOr(1.25),
            FollowUpTarget = length["follow_up_target"].Exists ? length["follow_up_target"].Range() : (15, 45),
            SituationBudget = star["situation"].RequiredDouble(),
            TaskBudget = star["task"].RequiredDouble(),
            ActionBudget = star["action"].RequiredDouble(),
            ResultBudget = star["result"].RequiredDouble(),
            OverBudgetRatio = star["over_budget_ratio"].DoubleOr(2),
            IdealPace = ideal,
            SlowPace = pace["slow"].RequiredDouble(),
            FastPace = pace["fast"].RequiredDouble(),
            PaceMinWords = AtLeast(pace["min_words"], 20, 1),
            SentenceGapSeconds = root["pauses"]["sentence_gap_seconds"].DoubleOr(0.3),
            MaxSentenceWords = Math.Max(5, root["pauses"]["max_sentence_words"].IntOr(25)),
            PauseSeconds = root["pauses"]["pause_seconds"].DoubleOr(0.5),
            LongPauseSeconds = root["pauses"]["long_pause_seconds"].DoubleOr(2),
            FillerWords = fillers["words"].Phrases(),
            FillerPhrases = fillers["phrases"].Phrases(),
            LikeIsVerbAfter = fillers["like_is_verb_after"].StringList().Select(WordText.Normalize).ToHashSet(StringComparer.Ordinal),
            MaxFillersPerMinute = fillers["max_per_minute"].DoubleOr(4),
            Hedges = root["hedges"].Phrases(),
            Enthusiasm = root["enthusiasm"].Phrases(),
            SpecificMarkers = example["specific_markers"].Phrases(),
            OpinionMarkers = example["opinion_markers"].Phrases(),
            MinStoryEvidence = example["min_story_evidence"].DoubleOr(4),
            SpecificMarkerEvidence = example["specific_marker_evidence"].DoubleOr(1.5),
            MaxNumberEvidence = example["max_number_evidence"].IntOr(2),
            ExampleAskedBy = Phrase.List(example["asked_by"].StringList()),
            PracticeRounds = example["practice_rounds"].StringList().ToHashSet(StringComparer.OrdinalIgnoreCase),
            PracticeAskedBy = Phrase.List(example["practice_asked_by"].StringList()),
            WorkedExampleMarkers = example["worked_markers"].Phrases(),
            CutOff = CutOff(root["cut_off"]),
            RelevanceMinWords = root["relevance"]["min_words"].IntOr(40),
            FeedbackDirection = FeedbackDirection(root["relevance"]["feedback_direction"]),
            AskedFor = AskedFor(root["relevance"]["asked_for"]),
            Semantic = Semantic(root["semantic"]),
            Claims = Claims(root["claims"]),
            Substance = new SubstanceSettings
            {
                MinShareOfMinimum = root["substance"]["min_share_of_minimum"].DoubleOr(0),
                MinSimilarity = root["substance"]["min_similarity"].DoubleOr(0),
                MinPointsCovered = AtLeast(root["substance"]["min_points_covered"], 0, 0),
                Markers = root["substance"]["markers"].Phrases(),
                Tools = root["substance"]["tools"].Phrases(),
                ToolListMinTools = AtLeast(root["substance"]["tool_list_min_tools"], 0, 0),
                ToolListPer100Words = root["substance"]["tool_list_per_100_words"].DoubleOr(0),
                ImpersonalMaxFirstPerson = root["substance"]["impersonal_max_first_person"].IntOr(-1),
                GenericKinds = Kinds(root["substance"]["generic_kinds"]),
                GenericMaxShareOfMinimum = root["substance"]["generic_max_share_of_minimum"].DoubleOr(0),
                GenericMaxPointsCovered = AtLeast(root["substance"]["generic_max_points_covered"], 0, 0),
                GenericUnlessFlagged = root["substance"]["generic_unless_flagged"].StringList().ToHashSet(StringComparer.Ordinal),
            },
            Calibration = Calibration(root["calibration"], caps),
            StarSegmentation = Segmentation(root["star_segmentation"]),
            Critical = Critical(root["critical"]),
            RepeatExempt = Words(root["delivery"]["repeat_exempt"]),
            RoleContext = Phrase.List(root["red_flag_role_context"].StringList()),
            WeShare = root["ownership"]["we_share"].DoubleOr(0.55),
            MinWe = root["ownership"]["min_we"].IntOr(4),
            Weights = weights,
            Caps = caps,
            Penalties = root["penalties"].Entries().ToDictionary(e => e.Key, e => e.Value.RequiredDouble(), StringComparer.OrdinalIgnoreCase),
            MaxPenalty = root["max_penalty"].DoubleOr(10),
            CriticalFloor = CheckLetter(root["critical"]["floor"], letters),
            FullAnswerCriticalFloor = CheckLetter(root["critical"]["full_answer_floor"], letters),
            SoundFloor = CheckLetter(root["critical"]["sound_floor"], letters),
            NoAttemptPhrases = root["no_attempt"].Exists ? root["no_attempt"]["phrases"].Phrases() : [],
            NoAttemptMaxWords = root["no_attempt"].Exists ? AtLeast(root["no_attempt"]["max_words"], 0, 0) : 0,
            NoAttemptAdmissions = root["no_attempt"].Exists ? root["no_attempt"]["admissions"].Phrases() : [],
            NoAttemptAdmissionMaxWords = root["no_attempt"].Exists ? AtLeast(root["no_attempt"]["admission_max_words"], 0, 0) : 0,
            NoAttemptRequests = root["no_attempt"].Exists ? root["no_attempt"]["requests"].Phrases() : [],
            NoAttemptExamples = root["no_attempt"].Exists ? root["no_attempt"]["examples"].StringList() : [],
            NoAttemptExampleSimilarity = root["no_attempt"].Exists ? Unit(root["no_attempt"]["example_similarity"], 0) : 0,
            PenaltiesByKind = root["penalties_by_kind"].Entries().ToDictionary(
                e => e.Key,
                e => (IReadOnlyDictionary<string, double>)e.Value.Entries().ToDictionary(p => p.Key, p => p.Value.RequiredDouble(), StringComparer.OrdinalIgnoreCase),
                StringComparer.OrdinalIgnoreCase),
            ExampleMissingScore = example["missing_score"].Entries().ToDictionary(e => e.Key, e => e.Value.RequiredDouble(), StringComparer.OrdinalIgnoreCase),
            Grades = grades,
            FluencyLevels = fluency,
            NextTargetGradeSteps = next["grade_steps"].IntOr(3),
            NextTargetGradeFloor = floor,
            NextTargetCulturePoints = next["culture_points"].DoubleOr(30),
            NextTargetCultureMax = next["culture_max"].DoubleOr(90),
            LlmMaxGradeSteps = root["llm"]["max_grade_steps"].IntOr(1),
            ResultFromShare = root["results"]["from_share"].DoubleOr(1),
            ResultOutcomeWindowWords = AtLeast(root["results"]["outcome_window_words"], 0, 0),
            ResultEffortBefore = Words(root["results"]["effort_before"]),
            ResultEffortGapWords = AtLeast(root["results"]["effort_gap_words"], 0, 0),
            StarCues = root["star_cues"].Entries().ToDictionary(e => e.Key, e => e.Value.Phrases(), StringComparer.OrdinalIgnoreCase),
            Tips = root["tips"].Entries().Select(e => KeyValuePair.Create(e.Key, e.Value.RequiredString())).ToList(),
            Templates = Strings(root["templates"]),
            Hints = Strings(root["hints"]),
            NoAnswerGrade = noAnswerGrade,
            NoAnswerInAverages = noAnswer["count_in_averages"].BoolOr(false),
            QuoteMinConfidence = quoteConfidence,
            QuoteMinWords = AtLeast(root["quotes"]["min_words"], 4, 1),
            Summary = ReadSummary(root["summary"], areas),
            Strengths = root["strengths"].Entries().Select(e => KeyValuePair.Create(e.Key, e.Value.RequiredString())).ToList(),
            Areas = areas,
            AreaOrder = areaOrder,
            FocusNames = Strings(root["focus_names"]),
            ActionItems = root["action_items"].Entries().ToDictionary(
                e => e.Key,
                e => (e.Value["title"].RequiredString(), e.Value["steps"].StringList()),
                StringComparer.OrdinalIgnoreCase),
        };
    }

    private static Dictionary<string, (double, double)> ReadTargets(YamlNode node)
    {
        var targets = new Dictionary<string, (double, double)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (kind, range) in node.Entries())
        {
            CheckKind(range, kind);
            targets[kind] = range.Range();
        }

        return targets;
    }

    private static Dictionary<string, CriterionWeights> ReadWeights(YamlNode node)
    {
        var weights = new Dictionary<string, CriterionWeights>(StringComparer.OrdinalIgnoreCase);
        foreach (var (kind, row) in node.Entries())
        {
            CheckKind(row, kind);
            var w = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            foreach (var (criterion, value) in row.Entries())
            {
                if (!RubricSettings.Criteria.Contains(criterion))
                {
                    throw value.Error($"unknown criterion; expected one of: {string.Join(", ", RubricSettings.Criteria)}");
                }

                w[criterion] = value.RequiredDouble();
            }

            var sum = w.Values.Sum();
            if (Math.Abs(sum - 100) > 0.01)
            {
                throw row.Error($"weights add up to {sum:0.##}; they must add up to 100");
            }

            weights[kind] = new CriterionWeights(w);
        }

        if (!weights.ContainsKey(QuestionKinds.Story))
        {
            throw node.Error("needs at least the 'story' row");
        }

        return weights;
    }

    private static List<GradeBand> ReadGrades(YamlNode node)
    {
        var grades = node.Items()
            .Select(n => new GradeBand(n["letter"].RequiredString(), n["min"].RequiredDouble(), n["points"].RequiredDouble()))
            .OrderByDescending(g => g.MinScore)
            .ToList();
        if (grades.Count == 0 || grades[^1].MinScore > 0)
        {
            throw node.Error("needs grade bands down to min: 0");
        }

        return grades;
    }

    private static List<FluencyLevel> ReadFluency(YamlNode node)
    {
        var fluency = node.Items()
            .Select(n => new FluencyLevel(n["level"].RequiredInt(), n["label"].RequiredString(), n["min_pct"].RequiredDouble()))
            .OrderBy(l => l.MinPct)
            .ToList();
        if (fluency.Count == 0)
        {
            throw node.Error("is missing; expected levels with level, label, min_pct");
        }

        return fluency;
    }

    /// <summary>The letter, when it is one of the grade bands'; else an error naming the node.</summary>
    private static string Letter(YamlNode node, string letter, HashSet<string> letters) =>
        letters.Contains(letter) ? letter : throw node.Error($"'{letter}' is not a letter from grades:");
}
