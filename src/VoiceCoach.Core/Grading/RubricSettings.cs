using VoiceCoach.Core.Text;

namespace VoiceCoach.Core.Grading;

/// <summary>A letter grade, the lowest score that earns it, and its grade points.</summary>
public sealed record GradeBand(string Letter, double MinScore, double Points);

/// <summary>A culture-fluency level (n/5) and the integration percentage it starts at.</summary>
public sealed record FluencyLevel(int Level, string Label, double MinPct);

/// <summary>
/// How the session summary is drawn from the answers (rubric.yaml summary:). A strength is listed when enough
/// answers show it and none contradicts it; a development area when it touches enough answers, ranked by how many.
/// </summary>
public sealed record SummarySettings
{
    /// <summary>A strength needs at least this share of the answered questions (0–1). Default 0.3.</summary>
    public double StrengthMinShare { get; init; } = 0.3;

    /// <summary>A strength needs at least this many answers. Default 1.</summary>
    public int StrengthMinAnswers { get; init; } = 1;

    /// <summary>At most this many strengths. Default 4.</summary>
    public int MaxStrengths { get; init; } = 4;

    /// <summary>A development area applies when it touches at least this many answers. Default 1.</summary>
    public int AreaMinAnswers { get; init; } = 1;

    /// <summary>At most this many development areas (the always-listed ones are never cut). Default 6.</summary>
    public int MaxAreas { get; init; } = 6;

    /// <summary>Areas listed whenever they apply (the seed report's four), whatever <see cref="MaxAreas"/> says.</summary>
    public IReadOnlyList<string> AlwaysListed { get; init; } = ["brevity", "specificity", "examples", "enthusiasm"];

    /// <summary>Company specificity applies while culture integration is under this percentage. Default 70.</summary>
    public double SpecificityBelowPct { get; init; } = 70;

    /// <summary>Role enthusiasm applies while role enthusiasm is under this percentage. Default 70.</summary>
    public double EnthusiasmBelowPct { get; init; } = 70;

    /// <summary>At most this many action items, one per listed area in the areas' order. Default 4.</summary>
    public int MaxActionItems { get; init; } = 4;
}

/// <summary>Criteria weights for one question kind (0–100 each, summing to 100).</summary>
public sealed record CriterionWeights(IReadOnlyDictionary<string, double> Weights)
{
    public double this[string criterion] => Weights.GetValueOrDefault(criterion);
}

/// <summary>
/// Every number the rubric grader uses, read from prompts/rubric.yaml (documented there).
/// Immutable; load once per run.
/// </summary>
public sealed record RubricSettings
{
    public static readonly IReadOnlyList<string> Criteria =
        ["structure", "example", "length", "values", "role", "results", "delivery", "ownership", "enthusiasm", "relevance"];

    /// <summary>The development areas the session summary knows how to find in the answers (rubric areas:).</summary>
    public static readonly IReadOnlyList<string> AreaIds =
        ["no_answer", "examples", "completeness", "red_flags", "relevance", "brevity", "specificity", "enthusiasm", "structure", "results", "ownership", "delivery"];

    /// <summary>The strengths the session summary knows how to find in the answers (rubric strengths:).</summary>
    public static readonly IReadOnlyList<string> StrengthIds =
        ["values", "examples", "role", "results", "enthusiasm", "length", "ownership", "delivery"];

    public required IReadOnlyDictionary<string, (double Min, double Max)> LengthTargets { get; init; }

    public double GraceSeconds { get; init; } = 5;

    public double TooShortRatio { get; init; } = 0.67;

    /// <summary>
    /// An explanation (concept, design) spoken for less than its target's minimum × this share is thin (the gap
    /// penalties_by_kind "thin") even when the grace keeps it on target (rubric length.explanation_thin_share). 0 (the
    /// default when the rubric omits it): only a "short" verdict is thin.
    /// </summary>
    public double ExplanationThinShare { get; init; }

    /// <summary>
    /// Below the target's minimum × this share an answer is "far too short": almost nothing to judge, and it is capped
    /// at caps.far_too_short (rubric length.far_too_short_ratio). 0 (the default when the rubric omits it): no such cap.
    /// </summary>
    public double FarTooShortRatio { get; init; }

    /// <summary>
    /// The far-too-short point never lies past this many seconds (rubric length.far_too_short_max_seconds): a sentence or
    /// two is the same few words whatever the question's length, and three sentences for a design question are thin,
    /// not nothing. 0 (the default when the rubric omits it): no bound.
    /// </summary>
    public double FarTooShortMaxSeconds { get; init; }

    /// <summary>Below this many seconds an answer to a question with this minimum length is far too short.</summary>
    public double FarTooShortSeconds(double minimum) =>
        FarTooShortMaxSeconds > 0 ? Math.Min(minimum * FarTooShortRatio, FarTooShortMaxSeconds) : minimum * FarTooShortRatio;

    /// <summary>
    /// Below the target's minimum × this share an answer is a fragment (rubric length.fragment_ratio): a few words
    /// ("Sure. That's fine."), almost nothing else, capped at caps.fragment unless it still says something. 0 (the
    /// default when the rubric omits it): no such cap.
    /// </summary>
    public double FragmentRatio { get; init; }

    /// <summary>The fragment point never lies past this many seconds (rubric length.fragment_max_seconds); 0: no bound.</summary>
    public double FragmentMaxSeconds { get; init; }

    /// <summary>Below this many seconds an answer to a question with this minimum length is a fragment.</summary>
    public double FragmentSeconds(double minimum) =>
        FragmentMaxSeconds > 0 ? Math.Min(minimum * FragmentRatio, FragmentMaxSeconds) : minimum * FragmentRatio;

    public double TooLongRatio { get; init; } = 1.25;

    /// <summary>The length a follow-up question's answer should have, seconds (length.follow_up_target). Default 15–45.</summary>
    public (double Min, double Max) FollowUpTarget { get; init; } = (15, 45);

    public double SituationBudget { get; init; } = 5;

    public double TaskBudget { get; init; } = 5;

    public double ActionBudget { get; init; } = 15;

    public double ResultBudget { get; init; } = 10;

    public double OverBudgetRatio { get; init; } = 2;

    public (double Min, double Max) IdealPace { get; init; } = (130, 170);

    public double SlowPace { get; init; } = 110;

    /// <summary>Pace is judged on answers of at least this many words (rubric pace.min_words): a few words have no pace.</summary>
    public int PaceMinWords { get; init; } = 20;

    public double FastPace { get; init; } = 185;

    public double SentenceGapSeconds { get; init; } = 0.3;

    public int MaxSentenceWords { get; init; } = 25;

    public double PauseSeconds { get; init; } = 0.5;

    public double LongPauseSeconds { get; init; } = 2;

    public IReadOnlyList<Phrase> FillerWords { get; init; } = [];

    public IReadOnlyList<Phrase> FillerPhrases { get; init; } = [];

    public IReadOnlySet<string> LikeIsVerbAfter { get; init; } = new HashSet<string>();

    public double MaxFillersPerMinute { get; init; } = 4;

    public IReadOnlyList<Phrase> Hedges { get; init; } = [];

    public IReadOnlyList<Phrase> Enthusiasm { get; init; } = [];

    public IReadOnlyList<Phrase> SpecificMarkers { get; init; } = [];

    public IReadOnlyList<Phrase> OpinionMarkers { get; init; } = [];

    public double MinStoryEvidence { get; init; } = 4;

    /// <summary>Story evidence per specific marker ("last year", "at amazon"); each first-person past action counts 1.</summary>
    public double SpecificMarkerEvidence { get; init; } = 1.5;

    /// <summary>At most this many numbers count as story evidence.</summary>
    public int MaxNumberEvidence { get; init; } = 2;

    /// <summary>Words in a question (its text, talking points or follow-ups) that ask for an example ("a time", "how do you approach").</summary>
    public IReadOnlyList<Phrase> ExampleAskedBy { get; init; } = [];

    /// <summary>
    /// "How do you approach/handle..." asks for an example from the candidate's own work only in these rounds (rubric
    /// example.practice_rounds, with example.practice_asked_by): in a technical round it asks for the technique, and a
    /// worked illustration (example.worked_markers with a number) is the example a concept question asks for.
    /// </summary>
    public IReadOnlySet<string> PracticeRounds { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<Phrase> PracticeAskedBy { get; init; } = [];

    public IReadOnlyList<Phrase> WorkedExampleMarkers { get; init; } = [];

    /// <summary>Telling a cut-off answer from one that ends on "that" (rubric cut_off).</summary>
    public CutOffSettings CutOff { get; init; } = new();

    /// <summary>Answers shorter than this many words are never judged off topic (too little to judge).</summary>
    public int RelevanceMinWords { get; init; } = 40;

    /// <summary>Feedback given asked, feedback received told (or the reverse): off topic (rubric relevance.feedback_direction).</summary>
    public FeedbackDirectionSettings FeedbackDirection { get; init; } = new();

    /// <summary>A story for a sibling question: none of what the question asks for (rubric relevance.asked_for).</summary>
    public AskedForSettings AskedFor { get; init; } = new();

    /// <summary>The sentence encoder's thresholds (rubric semantic).</summary>
    public SemanticSettings Semantic { get; init; } = new();

    /// <summary>How the question banks' wrong claims are read in an answer (rubric claims).</summary>
    public ClaimSettings Claims { get; init; } = new();

    /// <summary>When a far-too-short answer still has some substance (rubric substance).</summary>
    public SubstanceSettings Substance { get; init; } = new();

    /// <summary>How the calibrated grade is trained (rubric calibration:); its weights are in prompts/grading/calibration.json.</summary>
    public CalibrationSettings Calibration { get; init; } = new();

    /// <summary>How sentences get their STAR-Lite labels (rubric star_segmentation).</summary>
    public StarSegmentationSettings StarSegmentation { get; init; } = new();

    /// <summary>When a critical miss caps the grade and when it is only a "needs work" point (rubric critical).</summary>
    public CriticalMissSettings Critical { get; init; } = new();

    /// <summary>Words said twice in a row that are not a stumble ("very very", "no no").</summary>
    public IReadOnlySet<string> RepeatExempt { get; init; } = new HashSet<string>();

    /// <summary>Phrases that make a sentence about this role or company ("this role", "your team"), for role-context red flags.</summary>
    public IReadOnlyList<Phrase> RoleContext { get; init; } = [];

    public double WeShare { get; init; } = 0.55;

    public int MinWe { get; init; } = 4;

    public required IReadOnlyDictionary<string, CriterionWeights> Weights { get; init; }

    /// <summary>Flag → the highest letter an answer with that flag can get.</summary>
    public IReadOnlyDictionary<string, string> Caps { get; init; } = new Dictionary<string, string>();

    /// <summary>Flag → points taken off the weighted score for a gap a coach would name ("too long", "fillers").</summary>
    public IReadOnlyDictionary<string, double> Penalties { get; init; } = new Dictionary<string, double>();

    /// <summary>At most this many points are taken off for the gaps together (the criteria already score them).</summary>
    public double MaxPenalty { get; init; } = 10;

    /// <summary>The lowest letter an answer capped by a critical miss gets while it has words (a coherent answer with a critical miss is a D).</summary>
    public string? CriticalFloor { get; init; }

    /// <summary>
    /// The lowest letter of an answer with one critical miss that is more than a sentence or two (not far too short;
    /// rubric critical.full_answer_floor): seed 004 Q4's half-minute of opinions with no example is a D, and the
    /// critical floor's D- stays for a sentence or two, or for two critical misses at once. Null: the critical floor.
    /// </summary>
    public string? FullAnswerCriticalFloor { get; init; }

    /// <summary>
    /// The lowest letter of an answer of adequate length (not too short) that no critical miss capped (rubric
    /// critical.sound_floor): the D band is for critical misses, so rambling, fillers and medium red flags together end
    /// at this letter at worst. Null: no such floor.
    /// </summary>
    public string? SoundFloor { get; init; }

    /// <summary>
    /// Phrases that decline the question instead of attempting it ("can I come back to this one?"; rubric
    /// no_attempt.phrases). An answer of at most <see cref="NoAttemptMaxWords"/> words (fillers left out) that says one is
    /// capped at caps.no_attempt.
    /// </summary>
    public IReadOnlyList<Phrase> NoAttemptPhrases { get; init; } = [];

    /// <summary>The most words (fillers left out) an answer may have and still be only a request to skip (rubric no_attempt.max_words).</summary>
    public int NoAttemptMaxWords { get; init; }

    /// <summary>
    /// Admissions that decline only in a very short answer ("no idea", "don't know": rubric no_attempt.admissions): "I
    /// don't know the exact number, but we cut latency by half" is an attempt. Capped at caps.no_attempt in an answer of
    /// at most <see cref="NoAttemptAdmissionMaxWords"/> words (fillers left out).
    /// </summary>
    public IReadOnlyList<Phrase> NoAttemptAdmissions { get; init; } = [];

    /// <summary>The most words (fillers left out) an answer may have and still be only an admission (rubric no_attempt.admission_max_words).</summary>
    public int NoAttemptAdmissionMaxWords { get; init; }

    /// <summary>
    /// Requests put to the interviewer ("could you…", "is it all right to…", "mind if…": rubric no_attempt.requests). An
    /// answer of at most <see cref="NoAttemptMaxWords"/> words (fillers left out) that makes one and covers none of its
    /// question's talking points asks for something instead of answering: capped at caps.no_attempt.
    /// </summary>
    public IReadOnlyList<Phrase> NoAttemptRequests { get; init; } = [];

    /// <summary>
    /// Requests to skip said the usual ways (rubric no_attempt.examples): an answer of at most <see cref="NoAttemptMaxWords"/>
    /// words with a sentence at least <see cref="NoAttemptExampleSimilarity"/> similar to one of them declines the question in
    /// words no phrase list holds ("Mind if I park that and pick it up at the very end?").
    /// </summary>
    public IReadOnlyList<string> NoAttemptExamples { get; init; } = [];

    /// <summary>How similar (cosine of sentence vectors) a sentence must be to a request to skip (rubric no_attempt.example_similarity; 0: not read).</summary>
    public double NoAttemptExampleSimilarity { get; init; }

    /// <summary>Question kind → flag → points that replace <see cref="Penalties"/> for that kind (rubric penalties_by_kind).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> PenaltiesByKind { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, double>>();

    /// <summary>
    /// Question kind → the example criterion's score when a non-story question asked for an example and none came
    /// (rubric example.missing_score). Kinds not listed score <see cref="DefaultExampleMissingScore"/>.
    /// </summary>
    public IReadOnlyDictionary<string, double> ExampleMissingScore { get; init; } = new Dictionary<string, double>();

    /// <summary>The example criterion's score for a missing asked-for example when rubric example.missing_score omits the kind.</summary>
    public const double DefaultExampleMissingScore = 30;

    /// <summary>Points a flag costs an answer to a question of this kind: penalties_by_kind's when it names the flag, else penalties'.</summary>
    public double PenaltyFor(string kind, string flag) =>
        PenaltiesByKind.TryGetValue(kind, out var byKind) && byKind.TryGetValue(flag, out var points)
            ? points
            : Penalties.GetValueOrDefault(flag);

    /// <summary>The example criterion's score for a question of this kind that asked for an example and got none.</summary>
    public double MissingExampleScore(string kind) =>
        ExampleMissingScore.TryGetValue(kind, out var score) ? score : DefaultExampleMissingScore;

    /// <summary>Best first.</summary>
    public required IReadOnlyList<GradeBand> Grades { get; init; }

    /// <summary>Lowest first.</summary>
    public required IReadOnlyList<FluencyLevel> FluencyLevels { get; init; }

    public int NextTargetGradeSteps { get; init; } = 3;

    public string NextTargetGradeFloor { get; init; } = "B";

    public double NextTargetCulturePoints { get; init; } = 30;

    public double NextTargetCultureMax { get; init; } = 90;

    public int LlmMaxGradeSteps { get; init; } = 1;

    /// <summary>The letter an answer with no speech gets (rubric no_answer.grade). Default F.</summary>
    public string NoAnswerGrade { get; init; } = "F";

    /// <summary>
    /// Whether no-answers count in the session's average grade, culture integration and role enthusiasm (at
    /// <see cref="NoAnswerGrade"/> and 0 %); when false they are left out and "Questions Completed" shows them.
    /// Answer length, pace and fillers never count silence. Default false.
    /// </summary>
    public bool NoAnswerInAverages { get; init; }

    /// <summary>
    /// Improved-answer templates quote a sentence of the candidate's only when the recogniser gave every quoted word
    /// at least this confidence (0–1); words without a confidence (typed transcripts) count as sure. Default 0.5.
    /// </summary>
    public double QuoteMinConfidence { get; init; } = 0.5;

    /// <summary>A quote needs at least this many words (fillers left out) to fill a template slot. Default 4.</summary>
    public int QuoteMinWords { get; init; } = 4;

    /// <summary>How strengths and development areas are drawn from the answers.</summary>
    public SummarySettings Summary { get; init; } = new();

    /// <summary>Strength id → the report's wording, in rubric order (placeholders {n}, {total}, {values}, {role_terms}, {target}).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Strengths { get; init; } = [];

    /// <summary>
    /// A story's number measures its result when it is said in a Result or Connection sentence, or after this share of
    /// the story's words, or beside an outcome word (star_cues.result: "cut", "reduced"...) outside the opening sentence
    /// (rubric results.from_share). 1 (the default when the rubric omits it): only the Result and Connection sentences.
    /// </summary>
    public double ResultFromShare { get; init; } = 1;

    /// <summary>
    /// An outcome word makes a number a result only within this many words of it in its sentence (rubric
    /// results.outcome_window_words); 0 (the default when the rubric omits it): anywhere in the sentence.
    /// </summary>
    public int ResultOutcomeWindowWords { get; init; }

    /// <summary>
    /// Words after which a number is the effort the work cost ("took two quarters", "spent the first week"), not its
    /// result, whichever sentence says it (rubric results.effort_before); empty: none.
    /// </summary>
    public IReadOnlySet<string> ResultEffortBefore { get; init; } = new HashSet<string>();

    /// <summary>At most this many words between the effort word and its number (rubric results.effort_gap_words).</summary>
    public int ResultEffortGapWords { get; init; }

    /// <summary>STAR part name (situation, task, action, result, connection) → cue phrases.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Phrase>> StarCues { get; init; } = new Dictionary<string, IReadOnlyList<Phrase>>();

    /// <summary>Flag → coaching tip, in priority order (first matching flag wins).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tips { get; init; } = [];

    /// <summary>Question kind → improved-answer template.</summary>
    public IReadOnlyDictionary<string, string> Templates { get; init; } = new Dictionary<string, string>();

    /// <summary>Template slot → hint shown when the candidate's answer had nothing for it.</summary>
    public IReadOnlyDictionary<string, string> Hints { get; init; } = new Dictionary<string, string>();

    /// <summary>Development area → the report's wording (placeholders {n}, {total}, {target}, {max}).</summary>
    public IReadOnlyDictionary<string, string> Areas { get; init; } = new Dictionary<string, string>();

    /// <summary>Development area ids in rubric order: areas touching as many answers are listed in this order.</summary>
    public IReadOnlyList<string> AreaOrder { get; init; } = [];

    /// <summary>Development area → short focus name ("Conciseness").</summary>
    public IReadOnlyDictionary<string, string> FocusNames { get; init; } = new Dictionary<string, string>();

    /// <summary>Development area → action item title and steps.</summary>
    public IReadOnlyDictionary<string, (string Title, IReadOnlyList<string> Steps)> ActionItems { get; init; } =
        new Dictionary<string, (string, IReadOnlyList<string>)>();

    /// <summary>
    /// The one point past which an answer is too long: target max × too_long_ratio seconds of speech. The grader's
    /// verdict, the live timer's red zone and the interviewer's cut-in all use this.
    /// </summary>
    public double TooLongAfterSeconds((double Min, double Max) target) => target.Max * TooLongRatio;

    /// <summary>
    /// The verdict on <paramref name="spokenSeconds"/> of speech against <paramref name="target"/>: too short under
    /// min × too_short_ratio, short under min − grace, too long past <see cref="TooLongAfterSeconds"/>, long past
    /// max + grace. Whether anything was said at all is the caller's to decide (<see cref="LengthVerdict.NoAnswer"/>).
    /// </summary>
    public LengthVerdict JudgeLength(double spokenSeconds, (double Min, double Max) target)
    {
        if (spokenSeconds < target.Min * TooShortRatio)
        {
            return LengthVerdict.TooShort;
        }

        if (spokenSeconds < target.Min - GraceSeconds)
        {
            return LengthVerdict.Short;
        }

        if (spokenSeconds > TooLongAfterSeconds(target))
        {
            return LengthVerdict.TooLong;
        }

        return spokenSeconds > target.Max + GraceSeconds ? LengthVerdict.Long : LengthVerdict.OnTarget;
    }

    public (double Min, double Max) TargetFor(string kind) =>
        LengthTargets.TryGetValue(kind, out var t) ? t : (30, 60);

    public CriterionWeights WeightsFor(string kind) =>
        Weights.TryGetValue(kind, out var w) ? w : Weights["story"];

    /// <summary>The band for a score.</summary>
    public GradeBand BandFor(double score) =>
        Grades.FirstOrDefault(g => score >= g.MinScore) ?? Grades[^1];

    /// <summary>The band for a letter, or null for an unknown letter.</summary>
    public GradeBand? Band(string letter) =>
        Grades.FirstOrDefault(g => string.Equals(g.Letter, letter.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Position of a letter from the top (A = 0); unknown letters sort last.</summary>
    public int Rank(string letter)
    {
        for (var i = 0; i < Grades.Count; i++)
        {
            if (string.Equals(Grades[i].Letter, letter, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return Grades.Count - 1;
    }

    /// <summary>The letter <paramref name="steps"/> places better (positive) or worse (negative), clamped.</summary>
    public string Step(string letter, int steps) =>
        Grades[Math.Clamp(Rank(letter) - steps, 0, Grades.Count - 1)].Letter;

    /// <summary>The letter whose grade points are nearest to an average of points.</summary>
    public string LetterForPoints(double points) =>
        Grades.OrderBy(g => Math.Abs(g.Points - points)).ThenByDescending(g => g.Points).First().Letter;
}
