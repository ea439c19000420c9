using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Text;

namespace VoiceCoach.Core.Grading;

/// <summary>Reads prompts/rubric.yaml into <see cref="RubricSettings"/>, validating every number.</summary>
public static class RubricLoader
{
    /// <exception cref="PromptFileException">Broken YAML, a missing field or an inconsistent value.</exception>
    public static RubricSettings Load(TextReader reader, string file)
    {
        var root = YamlNode.Parse(reader, file);
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

        return new RubricSettings
        {
            LengthTargets = targets,
            GraceSeconds = length["grace_seconds"].DoubleOr(5),
            TooShortRatio = length["too_short_ratio"].DoubleOr(0.67),
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
            SentenceGapSeconds = root["pauses"]["sentence_gap_seconds"].DoubleOr(0.3),
            MaxSentenceWords = Math.Max(5, root["pauses"]["max_sentence_words"].IntOr(25)),
            PauseSeconds = root["pauses"]["pause_seconds"].DoubleOr(0.5),
            LongPauseSeconds = root["pauses"]["long_pause_seconds"].DoubleOr(2),
            FillerWords = Phrase.List(fillers["words"].StringList()),
            FillerPhrases = Phrase.List(fillers["phrases"].StringList()),
            LikeIsVerbAfter = fillers["like_is_verb_after"].StringList().Select(WordText.Normalize).ToHashSet(StringComparer.Ordinal),
            MaxFillersPerMinute = fillers["max_per_minute"].DoubleOr(4),
            Hedges = Phrase.List(root["hedges"].StringList()),
            Enthusiasm = Phrase.List(root["enthusiasm"].StringList()),
            SpecificMarkers = Phrase.List(example["specific_markers"].StringList()),
            OpinionMarkers = Phrase.List(example["opinion_markers"].StringList()),
            MinStoryEvidence = example["min_story_evidence"].DoubleOr(4),
            DanglingEndings = root["dangling_endings"].StringList().Select(WordText.Normalize).ToHashSet(StringComparer.Ordinal),
            MinRelevance = root["relevance"]["min_overlap"].DoubleOr(0.08),
            RelevanceMinWords = root["relevance"]["min_words"].IntOr(40),
            WeShare = root["ownership"]["we_share"].DoubleOr(0.6),
            MinWe = root["ownership"]["min_we"].IntOr(4),
            Weights = weights,
            Caps = caps,
            Grades = grades,
            FluencyLevels = fluency,
            NextTargetGradeSteps = next["grade_steps"].IntOr(3),
            NextTargetGradeFloor = floor,
            NextTargetCulturePoints = next["culture_points"].DoubleOr(30),
            NextTargetCultureMax = next["culture_max"].DoubleOr(90),
            LlmMaxGradeSteps = root["llm"]["max_grade_steps"].IntOr(1),
            StarCues = root["star_cues"].Entries().ToDictionary(e => e.Key, e => Phrase.List(e.Value.StringList()), StringComparer.OrdinalIgnoreCase),
            Tips = root["tips"].Entries().Select(e => KeyValuePair.Create(e.Key, e.Value.RequiredString())).ToList(),
            Templates = Strings(root["templates"]),
            Hints = Strings(root["hints"]),
            Areas = Strings(root["areas"]),
            FocusNames = Strings(root["focus_names"]),
            ActionItems = root["action_items"].Entries().ToDictionary(
                e => e.Key,
                e => (e.Value["title"].RequiredString(), e.Value["steps"].StringList()),
                StringComparer.OrdinalIgnoreCase),
        };
    }

    private static Dictionary<string, string> Strings(YamlNode node) =>
        node.Entries().ToDictionary(e => e.Key, e => e.Value.RequiredString(), StringComparer.OrdinalIgnoreCase);

    private static void CheckKind(YamlNode node, string kind)
    {
        if (!QuestionKinds.All.Contains(kind))
        {
            throw node.Error($"unknown question kind '{kind}'; expected one of: {string.Join(", ", QuestionKinds.All)}");
        }
    }
}
