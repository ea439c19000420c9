using System.Globalization;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Text;

namespace VoiceCoach.Core.Grading;

/// <summary>
/// <see cref="RubricLoader"/>'s readers of rubric.yaml's sections (summary, cut-off, calibration, claims, semantic layer,
/// STAR segmentation, critical misses) and the checks they share: each reads one section's shape and names the bad node.
/// </summary>
internal static class RubricSections
{
    internal static SummarySettings ReadSummary(YamlNode node, IReadOnlyDictionary<string, string> areas)
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

    internal static int AtLeast(YamlNode node, int fallback, int min)
    {
        var value = node.IntOr(fallback);
        return value >= min ? value : throw node.Error($"must be at least {min}");
    }

    internal static double Percent(YamlNode node, double fallback)
    {
        var value = node.DoubleOr(fallback);
        return value is >= 0 and <= 100 ? value : throw node.Error("must be a percentage between 0 and 100");
    }

    internal static FeedbackDirectionSettings FeedbackDirection(YamlNode n) => new()
    {
        Topic = n["topic"].Phrases(),
        AsksGiven = n["asks_given"].Phrases(),
        AsksReceived = n["asks_received"].Phrases(),
        TellsGiven = n["tells_given"].Phrases(),
        TellsReceived = n["tells_received"].Phrases(),
        Margin = AtLeast(n["margin"], 2, 1),
        Confidence = Unit(n["confidence"], 0.7),
    };

    internal static AskedForSettings AskedFor(YamlNode n) => new()
    {
        MinElements = AtLeast(n["min_elements"], 2, 1),
        MissedConfidence = Unit(n["missed_confidence"], 0.45),
        SiblingCloserBoost = Unit(n["sibling_closer_boost"], 0.2),
        SiblingTouchedBoost = Unit(n["sibling_touched_boost"], 0.15),
        OpeningShare = Unit(n["opening_share"], 0),
        WavedAwayBoost = Unit(n["waved_away_boost"], 0),
    };

    internal static CutOffSettings CutOff(YamlNode n) => new()
    {
        StrongEndings = Words(n["strong_endings"]),
        WeakEndings = Words(n["weak_endings"]),
        OpenBefore = Words(n["open_before"]),
        StrandedPrepositions = Words(n["stranded_prepositions"]),
        StrandingSubjects = Words(n["stranding_subjects"]),
        StrandingClauseOpeners = Words(n["stranding_clause_openers"]),
        StrandingMaxGap = AtLeast(n["stranding_max_gap"], 2, 1),
        StrandingRelatives = Words(n["stranding_relatives"]),
        StrandingRelativeMaxGap = AtLeast(n["stranding_relative_max_gap"], 5, 1),
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

    internal static CalibrationSettings Calibration(YamlNode n, Dictionary<string, string> caps)
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
            ? n["batches"].Items().Select(Batch).ToList()
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
            Forest = n["forest"].Exists ? Forest(n["forest"], defaults.Forest) : defaults.Forest,
        };
    }

    private static CalibrationBatch Batch(YamlNode b)
    {
        var name = b["name"].RequiredString();
        var answers = b["answers"].RequiredInt();
        var weight = b["weight"].DoubleOr(1);
        return new CalibrationBatch(
            name,
            answers >= 1 ? answers : throw b["answers"].Error("must be at least 1 (the batch's answers, in manifest order)"),
            weight is > 0 and <= MaxBatchWeight ? weight : throw b["weight"].Error(string.Create(CultureInfo.InvariantCulture,
                $"must be above 0 and at most {MaxBatchWeight} (how much each of the batch's answers counts in the fit; 1 = as much as any other answer)")));
    }

    /// <summary>A batch counting more than this many times another is the whole fit: a typo, not a weighting.</summary>
    private const double MaxBatchWeight = 10;

    private static ForestSettings Forest(YamlNode n, ForestSettings defaults)
    {
        var share = n["feature_share"].DoubleOr(defaults.FeatureShare);
        var weight = n["weight"].DoubleOr(defaults.Weight);
        return new ForestSettings(
            AtLeast(n["trees"], defaults.Trees, 0),
            AtLeast(n["min_leaf"], defaults.MinLeaf, 1),
            share is > 0 and <= 1 ? share : throw n["feature_share"].Error("must be a share above 0 and at most 1 (0.33 = a third of the features at each split)"),
            weight is >= 0 and <= 1 ? weight : throw n["weight"].Error("must be a share between 0 and 1 (the forest's part of the calibrated grade; the ridge has the rest)"));
    }

    internal static HashSet<string> PinnedCaps(YamlNode node, Dictionary<string, string> caps)
    {
        var pinned = node.StringList();
        var unknown = pinned.FirstOrDefault(p => !caps.ContainsKey(p));
        return unknown is null
            ? pinned.ToHashSet(StringComparer.Ordinal)
            : throw node.Error($"'{unknown}' is not a cap under caps:; expected some of: {string.Join(", ", caps.Keys)}");
    }

    internal static ClaimSettings Claims(YamlNode n) => new()
    {
        WindowWords = AtLeast(n["window_words"], 0, 0),
        NegationWords = AtLeast(n["negation_words"], 3, 0),
        Breaks = n["breaks"].Phrases(),
        Negations = n["negations"].Phrases(),
        AffirmingAfter = Words(n["affirming_after"]),
        RejectionWords = AtLeast(n["rejection_words"], 0, 0),
        Rejections = n["rejections"].Phrases(),
    };

    internal static SemanticSettings Semantic(YamlNode n)
    {
        var s = new SemanticSettings
        {
            RelevanceSentences = Math.Max(1, n["relevance_sentences"].IntOr(3)),
            OnTopicSimilarity = Unit(n["on_topic_similarity"], 0.45),
            ExplanationOnTopicSimilarity = Unit(n["explanation_on_topic_similarity"], 0),
            StoryOffTopicConfidence = Unit(n["story_off_topic_confidence"], 1),
            ExplanationAskedForConfidence = Unit(n["explanation_asked_for_confidence"], 1),
            ExplanationPointsOnTopic = Unit(n["explanation_points_on_topic"], 0),
            ExplanationSureCloserShare = Unit(n["explanation_sure_closer_share"], 0),
            OtherValueNamedConfidence = Unit(n["other_value_named_confidence"], 0),
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

    internal static StarSegmentationSettings Segmentation(YamlNode n) => new()
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

    internal static CriticalMissSettings Critical(YamlNode n)
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

    internal static string? CheckLetter(YamlNode node, HashSet<string> letters)
    {
        var letter = node.OptionalString();
        return letter is null || letters.Contains(letter) ? letter : throw node.Error($"'{letter}' is not a letter from grades:");
    }

    /// <summary>A number between 0 and 1 (a confidence, a similarity, a share).</summary>
    internal static double Unit(YamlNode node, double fallback)
    {
        var v = node.DoubleOr(fallback);
        return v is < 0 or > 1 ? throw node.Error($"{v:0.###} is not between 0 and 1") : v;
    }

    internal static HashSet<string> Kinds(YamlNode node)
    {
        var kinds = Words(node);
        var unknown = kinds.FirstOrDefault(k => !QuestionKinds.All.Contains(k, StringComparer.Ordinal));
        return unknown is null ? kinds : throw node.Error($"'{unknown}' is not a question kind; expected some of: {string.Join(", ", QuestionKinds.All)}");
    }

    internal static HashSet<string> Words(YamlNode node) =>
        node.StringList().Select(WordText.Normalize).ToHashSet(StringComparer.Ordinal);

    internal static Dictionary<string, string> Strings(YamlNode node) =>
        node.Entries().ToDictionary(e => e.Key, e => e.Value.RequiredString(), StringComparer.OrdinalIgnoreCase);

    internal static void CheckIds(YamlNode node, IReadOnlyList<string> known, string what)
    {
        foreach (var (id, value) in node.Entries())
        {
            if (!known.Contains(id))
            {
                throw value.Error($"unknown {what} '{id}'; expected one of: {string.Join(", ", known)}");
            }
        }
    }

    internal static void CheckKind(YamlNode node, string kind)
    {
        if (!QuestionKinds.All.Contains(kind))
        {
            throw node.Error($"unknown question kind '{kind}'; expected one of: {string.Join(", ", QuestionKinds.All)}");
        }
    }
}
