using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Text;

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
        var targets = new Dictionary<string, (double, double)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (kind, node) in length["targets"].Entries())
        {
            CheckKind(node, kind);
            targets[kind] = node.Range();
        }

        var weights = new Dictionary<string, CriterionWeights>(StringComparer.OrdinalIgnoreCase);
        foreach (var (kind, node) in root["weights"].Entries())
        {
            CheckKind(node, kind);
            var w = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            foreach (var (criterion, value) in node.Entries())
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
                throw node.Error($"weights add up to {sum:0.##}; they must add up to 100");
            }

            weights[kind] = new CriterionWeights(w);
        }

        if (!weights.ContainsKey(QuestionKinds.Story))
        {
            throw root["weights"].Error("needs at least the 'story' row");
        }

        var grades = root["grades"].Items()
            .Select(n => new GradeBand(n["letter"].RequiredString(), n["min"].RequiredDouble(), n["points"].RequiredDouble()))
            .OrderByDescending(g => g.MinScore)
            .ToList();
        if (grades.Count == 0 || grades[^1].MinScore > 0)
        {
            throw root["grades"].Error("needs grade bands down to min: 0");
        }

        var letters = grades.Select(g => g.Letter).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var caps = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (flag, node) in root["caps"].Entries())
        {
            var letter = node.RequiredString();
            if (!letters.Contains(letter))
            {
                throw node.Error($"'{letter}' is not a letter from grades:");
            }

            caps[flag] = letter;
        }

        var session = root["session"];
        var fluency = session["fluency_levels"].Items()
            .Select(n => new FluencyLevel(n["level"].RequiredInt(), n["label"].RequiredString(), n["min_pct"].RequiredDouble()))
            .OrderBy(l => l.MinPct)
            .ToList();
        if (fluency.Count == 0)
        {
            throw session["fluency_levels"].Error("is missing; expected levels with level, label, min_pct");
        }

        var star = root["star_budget"];
        var pace = root["pace"];
        var ideal = pace["ideal"].Range();
        var fillers = root["fillers"];
        var example = root["example"];
        var next = session["next_target"];
        var floor = next["grade_floor"].StringOr("B");
        if (!letters.Contains(floor))
        {
            throw next["grade_floor"].Error($"'{floor}' is not a letter from grades:");
        }

        var noAnswer = root["no_answer"];
        var noAnswerGrade = noAnswer["grade"].StringOr("F");
        if (!letters.Contains(noAnswerGrade))
        {
            throw noAnswer["grade"].Error($"'{noAnswerGrade}' is not a letter from grades:");
        }

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

    private static SummarySettings ReadSummary(YamlNode node, IReadOnlyDictionary<string, string> areas)
    {
        var defaults = new SummarySettings();
        var share = node["strength_min_share"].DoubleOr(defaults.StrengthMinShare);
        if (share is < 0 or > 1)
        {
            throw node["strength_min_share"].Error("must be a share between 0 and 1 (0.3 = 30 % of the answers)");
        }

        var always = node["always_listed"].Exists ? node["always_listed"].StringList() : defaults.AlwaysListed;
        var unknown = always.FirstOrDefault(a => !areas.ContainsKey(a));
        if (unknown is not null)
        {
            throw node["always_listed"].Error($"'{unknown}' is not an area under areas:; expected some of: {string.Join(", ", areas.Keys)}");
        }

        return new SummarySettings
        {
            StrengthMinShare = share,
            StrengthMinAnswers = AtLeast(node["strength_min_answers"], defaults.StrengthMinAnswers, 1),
            MaxStrengths = AtLeast(node["max_strengths"], defaults.MaxStrengths, 1),
            AreaMinAnswers = AtLeast(node["area_min_answers"], defaults.AreaMinAnswers, 1),
            MaxAreas = AtLeast(node["max_areas"], defaults.MaxAreas, 1),
            AlwaysListed = always,
            SpecificityBelowPct = Percent(node["specificity_below_pct"], defaults.SpecificityBelowPct),
            EnthusiasmBelowPct = Percent(node["enthusiasm_below_pct"], defaults.EnthusiasmBelowPct),
            MaxActionItems = AtLeast(node["max_action_items"], defaults.MaxActionItems, 0),
        };
    }

    private static int AtLeast(YamlNode node, int fallback, int min)
    {
        var value = node.IntOr(fallback);
        return value >= min ? value : throw node.Error($"must be at least {min}");
    }

    private static double Percent(YamlNode node, double fallback)
    {
        var value = node.DoubleOr(fallback);
        return value is >= 0 and <= 100 ? value : throw node.Error("must be a percentage between 0 and 100");
    }

    private static FeedbackDirectionSettings FeedbackDirection(YamlNode n) => new()
    {
        Topic = n["topic"].Phrases(),
        AsksGiven = n["asks_given"].Phrases(),
        AsksReceived = n["asks_received"].Phrases(),
        TellsGiven = n["tells_given"].Phrases(),
        TellsReceived = n["tells_received"].Phrases(),
        Margin = AtLeast(n["margin"], 2, 1),
        Confidence = Unit(n["confidence"], 0.7),
    };

    private static AskedForSettings AskedFor(YamlNode n) => new()
    {
        MinElements = AtLeast(n["min_elements"], 2, 1),
        MissedConfidence = Unit(n["missed_confidence"], 0.45),
        SiblingCloserBoost = Unit(n["sibling_closer_boost"], 0.2),
        SiblingTouchedBoost = Unit(n["sibling_touched_boost"], 0.15),
        OpeningShare = Unit(n["opening_share"], 0),
        WavedAwayBoost = Unit(n["waved_away_boost"], 0),
    };

    private static CutOffSettings CutOff(YamlNode n) => new()
    {
        StrongEndings = Words(n["strong_endings"]),
        WeakEndings = Words(n["weak_endings"]),
        OpenBefore = Words(n["open_before"]),
        StrandedPrepositions = Words(n["stranded_prepositions"]),
        StrandingSubjects = Words(n["stranding_subjects"]),
        StrandingClauseOpeners = Words(n["stranding_clause_openers"]),
        StrandingMaxGap = AtLeast(n["stranding_max_gap"], 2, 1),
        StrandedConfidence = Unit(n["stranded_confidence"], 0),
        StrongConfidence = Unit(n["strong_confidence"], 0.7),
        OpenedConfidence = Unit(n["opened_confidence"], 0.65),
        WeakConfidence = Unit(n["weak_confidence"], 0.4),
        TrailingMarkConfidence = Unit(n["trailing_mark_confidence"], 0.8),
        UnpunctuatedConfidence = Unit(n["unpunctuated_confidence"], 0.45),
        AbruptEndSeconds = n["abrupt_end_seconds"].DoubleOr(0.3),
        AbruptEndBoost = Unit(n["abrupt_end_boost"], 0.3),
        TrailingPauseSeconds = n["trailing_pause_seconds"].DoubleOr(1),
        TrailingPausePenalty = Unit(n["trailing_pause_penalty"], 0.1),
        LowWordConfidence = Unit(n["low_word_confidence"], 0.6),
    };

    private static CalibrationSettings Calibration(YamlNode n, Dictionary<string, string> caps)
    {
        var defaults = new CalibrationSettings();
        if (!n.Exists)
        {
            return defaults;
        }

        var penalties = n["ridge_penalties"].Exists
            ? n["ridge_penalties"].Items().Select(p => p.RequiredDouble()).ToList()
            : defaults.Penalties;
        if (penalties.Count == 0 || penalties.Any(p => p <= 0))
        {
            throw n["ridge_penalties"].Error("needs at least one penalty, each above 0 (e.g. [1, 3, 10, 30, 100])");
        }

        var batches = n["batches"].Exists
            ? n["batches"].Items().Select(b => new CalibrationBatch(b["name"].RequiredString(), b["answers"].RequiredInt() is var count and >= 1 ? count : throw b["answers"].Error("must be at least 1 (the batch's answers, in manifest order)"))).ToList()
            : defaults.Batches;
        return new CalibrationSettings
        {
            Penalties = penalties,
            MaxSteps = AtLeast(n["max_steps"], defaults.MaxSteps, 0),
            PinnedCaps = n["pinned_caps"].Exists ? PinnedCaps(n["pinned_caps"], caps) : defaults.PinnedCaps,
            Folds = AtLeast(n["folds"], defaults.Folds, 2),
            InnerFolds = AtLeast(n["inner_folds"], defaults.InnerFolds, 2),
            Seed = n["seed"].IntOr(defaults.Seed),
            Batches = batches,
        };
    }

    private static HashSet<string> PinnedCaps(YamlNode node, Dictionary<string, string> caps)
    {
        var pinned = node.StringList();
        var unknown = pinned.FirstOrDefault(p => !caps.ContainsKey(p));
        return unknown is null
            ? pinned.ToHashSet(StringComparer.Ordinal)
            : throw node.Error($"'{unknown}' is not a cap under caps:; expected some of: {string.Join(", ", caps.Keys)}");
    }

    private static ClaimSettings Claims(YamlNode n) => new()
    {
        WindowWords = AtLeast(n["window_words"], 0, 0),
        NegationWords = AtLeast(n["negation_words"], 3, 0),
        Breaks = n["breaks"].Phrases(),
        Negations = n["negations"].Phrases(),
        AffirmingAfter = Words(n["affirming_after"]),
        RejectionWords = AtLeast(n["rejection_words"], 0, 0),
        Rejections = n["rejections"].Phrases(),
    };

    private static SemanticSettings Semantic(YamlNode n)
    {
        var s = new SemanticSettings
        {
            RelevanceSentences = Math.Max(1, n["relevance_sentences"].IntOr(3)),
            OnTopicSimilarity = Unit(n["on_topic_similarity"], 0.45),
            ExplanationOnTopicSimilarity = Unit(n["explanation_on_topic_similarity"], 0),
            StoryOffTopicConfidence = Unit(n["story_off_topic_confidence"], 1),
            ExplanationAskedForConfidence = Unit(n["explanation_asked_for_confidence"], 1),
            MisconceptionLean = Unit(n["misconception_lean"], 0),
            OffTopicSimilarity = Unit(n["off_topic_similarity"], 0.2),
            OffTopicRankShare = Unit(n["off_topic_rank_share"], 0.5),
            FullRelevanceSimilarity = Unit(n["full_relevance_similarity"], 0.55),
            TalkingPointCovered = Unit(n["talking_point_covered"], 0.5),
            ValueShownSimilarity = Unit(n["value_shown_similarity"], 0.4),
            ValueShownMargin = Unit(n["value_shown_margin"], 0.03),
            ValueEvidenceSimilarity = Unit(n["value_evidence_similarity"], 0.25),
            ExampleSentenceProbability = Unit(n["example_sentence_probability"], 0.5),
            ExampleSentences = n["example_sentences"].DoubleOr(2),
            StoryExampleMinEvidence = n["story_example_min_evidence"].DoubleOr(0),
        };
        if (s.FullRelevanceSimilarity <= s.OffTopicSimilarity)
        {
            throw n["full_relevance_similarity"].Error($"must be above off_topic_similarity ({s.OffTopicSimilarity:0.##})");
        }

        return s;
    }

    private static StarSegmentationSettings Segmentation(YamlNode n) => new()
    {
        AdvancePenalty = n["advance_penalty"].DoubleOr(0.15),
        Presence = n["presence"].DoubleOr(0.6),
        ClassifierWeight = n["classifier_weight"].DoubleOr(1),
        ClassifierPresence = n["classifier_presence"].DoubleOr(0.6),
        OpeningSituation = n["opening_situation"].DoubleOr(0.6),
        FirstPersonPastAction = n["first_person_past_action"].DoubleOr(0.7),
        PastVerbAction = n["past_verb_action"].DoubleOr(0.25),
        NumberResult = n["number_result"].DoubleOr(0.8),
        ValueNameConnection = n["value_name_connection"].DoubleOr(1),
        ValueEvidenceConnection = n["value_evidence_connection"].DoubleOr(0.3),
        RoleTermConnection = n["role_term_connection"].DoubleOr(0.5),
        NewThought = Phrase.List(n["new_thought"].StringList()),
    };

    private static CriticalMissSettings Critical(YamlNode n)
    {
        var c = new CriticalMissSettings
        {
            CapConfidence = Unit(n["cap_confidence"], 0.6),
            NeedsWorkConfidence = Unit(n["needs_work_confidence"], 0.35),
            RedFlagsAddUp = AtLeast(n["red_flags_add_up"], 0, 0),
            RedFlagStanceSure = Unit(n["red_flag_stance_sure"], 0),
            RedFlagStanceDoubt = Unit(n["red_flag_stance_doubt"], 0),
            RedFlagStanceUnheard = Unit(n["red_flag_stance_unheard"], 0),
        };
        if (c.RedFlagStanceUnheard > 0 && c.RedFlagStanceUnheard < c.RedFlagStanceSure)
        {
            throw n["red_flag_stance_unheard"].Error($"must not be below red_flag_stance_sure ({c.RedFlagStanceSure:0.##}): a sentence without the flag's words needs a surer classifier");
        }

        if (c.RedFlagStanceDoubt > c.RedFlagStanceSure)
        {
            throw n["red_flag_stance_doubt"].Error($"must not be above red_flag_stance_sure ({c.RedFlagStanceSure:0.##})");
        }

        if (c.NeedsWorkConfidence > c.CapConfidence)
        {
            throw n["needs_work_confidence"].Error($"must not be above cap_confidence ({c.CapConfidence:0.##})");
        }

        return c;
    }

    private static string? CheckLetter(YamlNode node, HashSet<string> letters)
    {
        var letter = node.OptionalString();
        return letter is null || letters.Contains(letter) ? letter : throw node.Error($"'{letter}' is not a letter from grades:");
    }

    /// <summary>A number between 0 and 1 (a confidence, a similarity, a share).</summary>
    private static double Unit(YamlNode node, double fallback)
    {
        var v = node.DoubleOr(fallback);
        return v is < 0 or > 1 ? throw node.Error($"{v:0.###} is not between 0 and 1") : v;
    }

    private static HashSet<string> Kinds(YamlNode node)
    {
        var kinds = Words(node);
        var unknown = kinds.FirstOrDefault(k => !QuestionKinds.All.Contains(k, StringComparer.Ordinal));
        return unknown is null ? kinds : throw node.Error($"'{unknown}' is not a question kind; expected some of: {string.Join(", ", QuestionKinds.All)}");
    }

    private static HashSet<string> Words(YamlNode node) =>
        node.StringList().Select(WordText.Normalize).ToHashSet(StringComparer.Ordinal);

    private static Dictionary<string, string> Strings(YamlNode node) =>
        node.Entries().ToDictionary(e => e.Key, e => e.Value.RequiredString(), StringComparer.OrdinalIgnoreCase);

    private static void CheckIds(YamlNode node, IReadOnlyList<string> known, string what)
    {
        foreach (var (id, value) in node.Entries())
        {
            if (!known.Contains(id))
            {
                throw value.Error($"unknown {what} '{id}'; expected one of: {string.Join(", ", known)}");
            }
        }
    }

    private static void CheckKind(YamlNode node, string kind)
    {
        if (!QuestionKinds.All.Contains(kind))
        {
            throw node.Error($"unknown question kind '{kind}'; expected one of: {string.Join(", ", QuestionKinds.All)}");
        }
    }
}
