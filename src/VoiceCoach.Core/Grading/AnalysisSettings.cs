using VoiceCoach.Core.Text;

namespace VoiceCoach.Core.Grading;

/// <summary>
/// How sentences are labelled Situation, Task, Action, Result and Connection (rubric.yaml star_segmentation).
/// Each sentence's fit to a part is the trained classifier's log-probability (times <see cref="ClassifierWeight"/>)
/// plus the cue evidence below; the labels then run forward through the story (S ≤ T ≤ A ≤ R ≤ C).
/// </summary>
public sealed record StarSegmentationSettings
{
    /// <summary>What moving on to a later part costs, per part skipped: sentences without evidence stay in the current part.</summary>
    public double AdvancePenalty { get; init; } = 0.15;

    /// <summary>A part is present when its sentences carry at least this much evidence.</summary>
    public double Presence { get; init; } = 0.6;

    /// <summary>Weight of the classifier's log-probabilities next to the cue phrases (0 = cues only).</summary>
    public double ClassifierWeight { get; init; } = 1;

    /// <summary>A part is present when the classifier gives its sentences at least this much probability in all.</summary>
    public double ClassifierPresence { get; init; } = 0.6;

    /// <summary>Situation evidence of an answer's first sentence (a story opens with the scene).</summary>
    public double OpeningSituation { get; init; } = 0.6;

    /// <summary>Action evidence per "I/we + past-tense verb".</summary>
    public double FirstPersonPastAction { get; init; } = 0.7;

    /// <summary>Action evidence per other past-tense verb (recognisers drop subjects).</summary>
    public double PastVerbAction { get; init; } = 0.25;

    /// <summary>Result evidence per number.</summary>
    public double NumberResult { get; init; } = 0.8;

    /// <summary>Connection evidence per company value named, per value evidence phrase, per role term.</summary>
    public double ValueNameConnection { get; init; } = 1;

    public double ValueEvidenceConnection { get; init; } = 0.3;

    public double RoleTermConnection { get; init; } = 0.5;

    /// <summary>Phrases that start a new sentence in a transcript without punctuation ("so i", "as a result").</summary>
    public IReadOnlyList<Phrase> NewThought { get; init; } = [];
}

/// <summary>
/// The sentence encoder's thresholds (rubric.yaml semantic): relevance relative to the bank's other questions,
/// and a value shown through the story versus only named. Similarities are cosines of all-MiniLM-L6-v2 vectors.
/// </summary>
public sealed record SemanticSettings
{
    /// <summary>Relevance is the mean similarity of the answer's best sentences to the question and its talking points; this many sentences.</summary>
    public int RelevanceSentences { get; init; } = 3;

    /// <summary>At or above this similarity an answer is on topic whatever the other questions say.</summary>
    public double OnTopicSimilarity { get; init; } = 0.45;

    /// <summary>
    /// A concept or design answer explains the idea asked about, so its best sentences sit close to the question (a story
    /// need not: it talks about its own project). Below this similarity, with any other question of the bank closer, it
    /// explains something else: off topic, surely (rubric semantic.explanation_on_topic_similarity). 0 (the default when
    /// the rubric omits it): no such rule.
    /// </summary>
    public double ExplanationOnTopicSimilarity { get; init; }

    /// <summary>
    /// The highest off-topic confidence a story answer gets from its similarity alone (rubric
    /// semantic.story_off_topic_confidence): a story talks about its own project, so its words can sit far from an
    /// abstract question ("exercising judgment in an ambiguous situation") while it answers it. Below the cap it is a
    /// "needs work" point at most. 1 (the default when the rubric omits it): no ceiling.
    /// </summary>
    public double StoryOffTopicConfidence { get; init; } = 1;

    /// <summary>
    /// The highest off-topic confidence the explanation rule (<see cref="ExplanationOnTopicSimilarity"/>) gives a concept
    /// or design answer that touches every element its question's <c>asks_for</c> names (rubric
    /// semantic.explanation_asked_for_confidence): it explains the asked idea in its own words, however far its sentences
    /// sit from the question's wording. 1 (the default when the rubric omits it): no ceiling.
    /// </summary>
    public double ExplanationAskedForConfidence { get; init; } = 1;

    /// <summary>
    /// An explanation whose sentences come at least this close to the question's talking points on average (each point's
    /// closest sentence, averaged) is held at <see cref="ExplanationAskedForConfidence"/> too (rubric
    /// semantic.explanation_points_on_topic; 0: not read).
    /// </summary>
    public double ExplanationPointsOnTopic { get; init; }

    /// <summary>
    /// The explanation rule is sure (a cap) only when at least this share of the bank's other questions read closer to the
    /// answer than its own; with fewer it is held at <see cref="ExplanationAskedForConfidence"/> (rubric
    /// semantic.explanation_sure_closer_share; 0: any closer question will do).
    /// </summary>
    public double ExplanationSureCloserShare { get; init; }

    /// <summary>
    /// How sure a story asked for one value is off topic when it names another value of the pack and never names or shows
    /// its own (rubric semantic.other_value_named_confidence; 0: not read).
    /// </summary>
    public double OtherValueNamedConfidence { get; init; }

    /// <summary>
    /// A concept answer whose most misled sentence leans at least this much more to one of the question's known-wrong
    /// statements than to any talking point gets the idea backwards (rubric semantic.misconception_lean, capped at
    /// caps.misconception). 0 (the default when the rubric omits it): no such rule.
    /// </summary>
    public double MisconceptionLean { get; init; }

    /// <summary>Below this similarity (and ranked low among the bank's questions) the answer is surely off topic.</summary>
    public double OffTopicSimilarity { get; init; } = 0.2;

    /// <summary>Off topic only when at least this share of the bank's other questions are closer to the answer than its own.</summary>
    public double OffTopicRankShare { get; init; } = 0.5;

    /// <summary>Relevance score (0–1) maps similarity linearly from <see cref="OffTopicSimilarity"/> (0) to this (1).</summary>
    public double FullRelevanceSimilarity { get; init; } = 0.55;

    /// <summary>A talking point is covered when one of the answer's sentences is at least this similar to it (rubric semantic.talking_point_covered).</summary>
    public double TalkingPointCovered { get; init; } = 0.5;

    /// <summary>A story sentence shows a value when its similarity to the value's description is at least this.</summary>
    public double ValueShownSimilarity { get; init; } = 0.4;

    /// <summary>… and at least this much higher than its similarity to the next closest value.</summary>
    public double ValueShownMargin { get; init; } = 0.03;

    /// <summary>An evidence phrase in a concrete sentence shows its value only when the sentence is at least this similar to the value.</summary>
    public double ValueEvidenceSimilarity { get; init; } = 0.25;

    /// <summary>Sentences the classifier gives at least this probability of Situation, Task, Action or Result count as an example.</summary>
    public double ExampleSentenceProbability { get; init; } = 0.5;

    /// <summary>This many example sentences make an example (the lexical evidence can also make one).</summary>
    public double ExampleSentences { get; init; } = 2;

    /// <summary>
    /// A story's example sentences count only with at least this much lexical evidence (a first-person past action, a
    /// specific marker, a number): a rule of thumb told in the second person reads like a story to the classifier but
    /// nothing happened in it. 0 (the default when the rubric omits it): the classifier alone can make an example.
    /// </summary>
    public double StoryExampleMinEvidence { get; init; }
}

/// <summary>
/// When a critical miss (off topic, no example, cut off, high red flag) caps the grade (rubric.yaml critical).
/// Each comes with a confidence 0–1; at or above <see cref="CapConfidence"/> it caps the grade, from
/// <see cref="NeedsWorkConfidence"/> up to it it is one "needs work" point, below it nothing.
/// </summary>
public sealed record CriticalMissSettings
{
    public double CapConfidence { get; init; } = 0.6;

    public double NeedsWorkConfidence { get; init; } = 0.35;

    /// <summary>
    /// This many different red flags in one answer weigh as a high-severity one (rubric critical.red_flags_add_up):
    /// several signals of misalignment are the misalignment. 0 (the default when the rubric omits it): they never add up.
    /// </summary>
    public int RedFlagsAddUp { get; init; }

    /// <summary>
    /// A sentence the red-flag stance classifier gives at least this probability of a flag, said of herself and what
    /// she wants now (not a story of past work; any telling for a flag marked stance: told) and holding one of the flag's
    /// heard_as words, is that red flag heard by meaning, as sure as its phrase (rubric critical.red_flag_stance_sure). 0 (the default when the rubric omits it):
    /// red flags are heard by their phrases only.
    /// </summary>
    public double RedFlagStanceSure { get; init; }

    /// <summary>
    /// From this probability up (and below the sure one), with one of the flag's heard_as words, the stance is only
    /// possible: one "needs work" point naming the sentence, never a cap (rubric critical.red_flag_stance_doubt). 0:
    /// nothing is said.
    /// </summary>
    public double RedFlagStanceDoubt { get; init; }

    /// <summary>
    /// A sentence with none of the flag's heard_as words is that red flag only from this probability up, and below it
    /// not even a possible one: new everyday words a list cannot hold ("a clear ladder", "where the offer would land")
    /// need a surer classifier (rubric critical.red_flag_stance_unheard). 0 (the default when the rubric omits it):
    /// without a heard_as word nothing is said.
    /// </summary>
    public double RedFlagStanceUnheard { get; init; }
}

/// <summary>
/// Telling an answer cut off mid-sentence from one that ends on "that" (rubric.yaml cut_off). The last word alone
/// never decides: its grammar, the recogniser's confidence in it and the audio (did speech run to the end of the
/// recording, or trail into a pause?) each move the confidence.
/// </summary>
public sealed record CutOffSettings
{
    /// <summary>Last words that cannot end an English sentence ("the", "to", "because").</summary>
    public IReadOnlySet<string> StrongEndings { get; init; } = new HashSet<string>();

    /// <summary>Last words that often dangle but can end a sentence ("that", "this", "so").</summary>
    public IReadOnlySet<string> WeakEndings { get; init; } = new HashSet<string>();

    /// <summary>Words after which a weak ending dangles for sure ("is that", "so that").</summary>
    public IReadOnlySet<string> OpenBefore { get; init; } = new HashSet<string>();

    /// <summary>
    /// Prepositions a relative clause may end on ("the principle I'd lean into", "the people I work with"): a strong
    /// ending among these, after a subject (<see cref="StrandingSubjects"/>) and one to <see cref="StrandingMaxGap"/>
    /// words, with a word before the subject that is not one of <see cref="StrandingClauseOpeners"/>, is stranded, not
    /// cut off. Empty: never.
    /// </summary>
    public IReadOnlySet<string> StrandedPrepositions { get; init; } = new HashSet<string>();

    /// <summary>
    /// How many words may stand between the clause's subject and its stranded preposition (the look-back window): 2
    /// reaches "we can work with", 1 only "I'd lean into". Default 2; at least 1.
    /// </summary>
    public int StrandingMaxGap { get; init; } = 2;

    /// <summary>Subjects of a relative clause that strands its preposition ("i", "i'd", "we", "you", "they").</summary>
    public IReadOnlySet<string> StrandingSubjects { get; init; } = new HashSet<string>();

    /// <summary>
    /// Relative and question words whose clause strands its preposition after a noun subject ("which is where the real
    /// accuracy comes from", "the part which the team relied on"): one of these one to <see cref="StrandingRelativeMaxGap"/>
    /// words before the preposition, after a word that does not end a sentence, with no clause opener between, strands it.
    /// Empty: only pronoun subjects strand.
    /// </summary>
    public IReadOnlySet<string> StrandingRelatives { get; init; } = new HashSet<string>();

    /// <summary>How many words may stand between a relative word and its stranded preposition. Default 5; at least 1.</summary>
    public int StrandingRelativeMaxGap { get; init; } = 5;

    /// <summary>Words before the subject that start a new clause ("and I went to", "so I talked to"): then it is cut off.</summary>
    public IReadOnlySet<string> StrandingClauseOpeners { get; init; } = new HashSet<string>();

    /// <summary>Confidence of a cut-off for a stranded preposition (under critical.needs_work_confidence: nothing said).</summary>
    public double StrandedConfidence { get; init; }

    /// <summary>Confidence from the grammar: a strong ending, a weak one after an opener, a weak one.</summary>
    public double StrongConfidence { get; init; } = 0.7;

    public double OpenedConfidence { get; init; } = 0.65;

    public double WeakConfidence { get; init; } = 0.4;

    /// <summary>"…" or a dash at the end of a typed transcript.</summary>
    public double TrailingMarkConfidence { get; init; } = 0.8;

    /// <summary>An unfinished last sentence (no full stop) in a transcript that has full stops elsewhere.</summary>
    public double UnpunctuatedConfidence { get; init; } = 0.45;

    /// <summary>Speech that runs to within this many seconds of the recording's end was cut by the clock.</summary>
    public double AbruptEndSeconds { get; init; } = 0.3;

    public double AbruptEndBoost { get; init; } = 0.3;

    /// <summary>Speech that trailed into at least this many seconds of silence had time to finish.</summary>
    public double TrailingPauseSeconds { get; init; } = 1;

    public double TrailingPausePenalty { get; init; } = 0.1;

    /// <summary>A last word the recogniser is less sure of than this may be misheard: the confidence is scaled by it.</summary>
    public double LowWordConfidence { get; init; } = 0.6;
}

/// <summary>
/// Which way feedback goes (rubric.yaml relevance.feedback_direction): a question that asks for feedback the candidate
/// GAVE answered with feedback she RECEIVED (or the reverse) is another question's answer, however close its words.
/// The question's direction comes from its text and talking points (never its follow-ups, which often ask the other
/// way); the answer's from first-person phrases.
/// </summary>
public sealed record FeedbackDirectionSettings
{
    /// <summary>Words that make a question about feedback ("feedback", "criticism"). Empty: the check is off.</summary>
    public IReadOnlyList<Phrase> Topic { get; init; } = [];

    /// <summary>A question's words for feedback given ("give", "deliver").</summary>
    public IReadOnlyList<Phrase> AsksGiven { get; init; } = [];

    /// <summary>A question's words for feedback received ("receive", "got").</summary>
    public IReadOnlyList<Phrase> AsksReceived { get; init; } = [];

    /// <summary>An answer's first-person phrases for feedback given ("I told him", "I gave her").</summary>
    public IReadOnlyList<Phrase> TellsGiven { get; init; } = [];

    /// <summary>An answer's phrases for feedback received ("told me", "I got"); a given phrase inside one counts only here.</summary>
    public IReadOnlyList<Phrase> TellsReceived { get; init; } = [];

    /// <summary>The answer tells the other direction when its phrases for it outnumber those for the asked one by this many.</summary>
    public int Margin { get; init; } = 2;

    /// <summary>The off-topic confidence of an answer that tells the other direction.</summary>
    public double Confidence { get; init; } = 0.7;
}

/// <summary>
/// A story told for a sibling question (rubric.yaml relevance.asked_for): the sentence encoder reads topic, so a
/// well-told tooling disagreement sits close to "a PM pushed a launch you thought not ready". The question's
/// <c>asks_for</c> elements name what only it asks for; an answer touching none of them is off topic, the surer the
/// more evidence: a same-kind question closer to the answer than its own, and that question's elements touched.
/// </summary>
public sealed record AskedForSettings
{
    /// <summary>A question with fewer elements than this is not checked (one missed word is no evidence).</summary>
    public int MinElements { get; init; } = 2;

    /// <summary>The off-topic confidence of an answer touching none of its question's elements.</summary>
    public double MissedConfidence { get; init; } = 0.45;

    /// <summary>Added when a question of the same kind is closer to the answer than its own (question texts alone).</summary>
    public double SiblingCloserBoost { get; init; } = 0.2;

    /// <summary>Added when the answer touches an element of that closer question.</summary>
    public double SiblingTouchedBoost { get; init; } = 0.15;

    /// <summary>
    /// An answer missing a required element whose every touch of the question's elements lies in this leading share of
    /// its words waves the question away ("not a lot on the GPU side, but…") and answers another: 0 turns it off.
    /// </summary>
    public double OpeningShare { get; init; }

    /// <summary>Added for an answer that waves the question away (<see cref="OpeningShare"/>).</summary>
    public double WavedAwayBoost { get; init; }
}
