using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Grading.Semantics;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// Measures one answer by running the named parts in turn: sentences (<see cref="SentenceSplitter"/>), their vectors
/// and STAR-Lite probabilities (the sentence encoder and <see cref="StarClassifier"/>), the STAR labels and seconds
/// (<see cref="StarSegmenter"/>), a concrete example (<see cref="ExampleDetector"/>), relevance
/// (<see cref="RelevanceJudge"/>), values shown or named (<see cref="ValueEvidenceFinder"/>), a cut-off ending
/// (<see cref="CompletenessCheck"/>), red flags (<see cref="RedFlagFinder"/>) and delivery
/// (<see cref="DeliveryMeter"/>), wrong claims (<see cref="WrongClaimFinder"/>), off topic (<see cref="OffTopicCheck"/>) and a request to skip (<see cref="DeclineMeter"/>); rules stay exact where they can be (durations, counts, numbers, fillers).
/// Deterministic; safe to share across threads.
/// </summary>
public sealed class TranscriptAnalyzer
{
    private readonly RubricSettings _rubric;
    private readonly CompanyPack _company;
    private readonly SemanticModel _semantic;
    private readonly SentenceSplitter _splitter;
    private readonly SentenceFeatures _features;
    private readonly StarSegmenter _segmenter;
    private readonly ExampleDetector _examples;
    private readonly RelevanceJudge _relevance;
    private readonly OffTopicCheck _offTopic;
    private readonly DeclineMeter _decline;
    private readonly ValueEvidenceFinder _values;
    private readonly CompletenessCheck _completeness;
    private readonly RedFlagFinder _redFlags;
    private readonly DeliveryMeter _delivery;
    private readonly WrongClaimFinder _claims;

    public TranscriptAnalyzer(RubricSettings rubric, CompanyPack company, SemanticModel semantic)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(company);
        ArgumentNullException.ThrowIfNull(semantic);
        _rubric = rubric;
        _company = company;
        _semantic = semantic;
        _splitter = new SentenceSplitter(rubric);
        _features = new SentenceFeatures(rubric, company);
        _segmenter = new StarSegmenter(rubric, company);
        _examples = new ExampleDetector(rubric);
        _relevance = new RelevanceJudge(rubric, semantic);
        _offTopic = new OffTopicCheck(rubric, company, semantic);
        _decline = new DeclineMeter(rubric, semantic);
        _values = new ValueEvidenceFinder(rubric, company, semantic);
        _completeness = new CompletenessCheck(rubric);
        _redFlags = new RedFlagFinder(rubric, company, semantic.RedFlags);
        _delivery = new DeliveryMeter(rubric);
        _claims = new WrongClaimFinder(rubric.Claims);
    }

    /// <summary>Measures one answer.</summary>
    /// <param name="question">The question answered.</param>
    /// <param name="transcript">The transcript with word times (and confidences, when the recogniser gives them).</param>
    /// <param name="duration">The answer's duration (the recording, or the typed transcript's stated length).</param>
    /// <param name="timingEstimated">True when word times were estimated from a typed transcript.</param>
    /// <param name="voice">Voice activity from a VAD: the length is judged on the spoken span, pauses and the ending come from it.</param>
    /// <param name="cancellationToken">Cancels the sentence encoder.</param>
    public AnswerFindings Analyze(Question question, Transcript transcript, TimeSpan duration, bool timingEstimated, VoiceActivity? voice = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(transcript);
        var w = AnswerText.From(transcript);
        var view = Read(w, cancellationToken);
        var (labels, cues) = _segmenter.Label(view);

        var durationS = duration.TotalSeconds > 0 ? duration.TotalSeconds : (w.Count > 0 ? w.End[^1] : 0);
        var target = question.TargetSeconds ?? _rubric.TargetFor(question.Kind);
        var length = SpokenLength.Measure(_rubric, transcript.Words, durationS, timingEstimated, voice, target);
        var spoken = length.SpokenSeconds;
        var judged = length.JudgedSeconds;

        var example = _examples.Detect(view, question);
        var (star, sentences) = Star(view, labels, cues, example.HasExample);
        var relevance = _relevance.Judge(view, question, cancellationToken);
        var (cutOff, cutOffReason) = _completeness.Check(w, voice, durationS);
        var (redFlags, redFlagConfidence, redFlagDoubt, stanceMax, stanceStatedMax) = _redFlags.Find(view, question);
        var delivery = _delivery.Measure(w, voice, timingEstimated);

        // A number the report will quote as the result must be one the recogniser was sure of: "the three trees"
        // (misheard "retries") is not a quantified result.
        var numbers = NumberFinder.Find(w.Norm).Where(n => HeardSurely(w, n)).ToList();
        var resultNumbers = ResultNumbers(view, labels, numbers, example.HasExample);

        var values = _values.Find(view, labels, example.HasExample || question.Kind != QuestionKinds.Story, cancellationToken);
        var minutes = spoken > 0 ? spoken / 60 : durationS / 60;

        var critical = new List<CriticalMissCheck>();
        if (example.NoExampleConfidence > 0)
        {
            critical.Add(new CriticalMissCheck("no_example", Math.Round(example.NoExampleConfidence, 2), example.Reason));
        }

        if (cutOff > 0)
        {
            critical.Add(new CriticalMissCheck("incomplete", Math.Round(cutOff, 2), cutOffReason!));
        }

        var offTopic = _offTopic.Judge(view, question, relevance, values, cancellationToken);
        if (offTopic.Confidence > 0)
        {
            critical.Add(new CriticalMissCheck("off_topic", Math.Round(offTopic.Confidence, 2), offTopic.Reason));
        }

        if (RedFlagMiss(redFlags, redFlagConfidence, redFlagDoubt) is { } redFlagMiss)
        {
            critical.Add(redFlagMiss);
        }

        var incomplete = cutOff >= _rubric.Critical.CapConfidence;
        return new AnswerFindings
        {
            DurationSeconds = Math.Round(durationS, 1),
            SpokenSeconds = Math.Round(spoken, 1),
            LengthSeconds = Math.Round(judged, 1),
            VoiceDetected = voice is not null,
            TimingEstimated = timingEstimated,
            Words = w.Count,
            WordsPerMinute = minutes > 0 ? Math.Round(w.Count / minutes) : 0,
            TargetSeconds = target,
            LengthVerdict = length.Verdict,
            Star = star,
            Sentences = sentences,
            StoryEvidence = example.Evidence,
            OpinionMarkers = example.Opinions,
            HasExample = example.HasExample,
            Incomplete = incomplete,
            IncompleteReason = incomplete ? cutOffReason : null,
            Relevance = Math.Round(relevance.Relevance, 2),
            RelevanceSimilarity = Math.Round(relevance.Similarity, 3),
            CloserQuestionsShare = Math.Round(relevance.CloserShare, 3),
            DeclineSimilarity = Math.Round(_decline.Similarity(view, cancellationToken), 3),
            TalkingPointSimilarity = Math.Round(relevance.TalkingPointSimilarity, 3),
            TalkingPointsCovered = Math.Round(relevance.TalkingPointsCovered, 3),
            MisconceptionLean = Math.Round(relevance.MisconceptionLean, 3),
            SiblingSentenceMargin = relevance.SiblingSentenceMargin,
            SiblingAnswerMargin = relevance.SiblingAnswerMargin,
            RedFlagStanceMax = stanceMax,
            RedFlagStanceStatedMax = stanceStatedMax,
            WrongClaims = _claims.Find(question, view),
            ToolsNamed = _rubric.Substance.Tools.Where(t => t.MayOccurIn(w.Index) && t.OccursIn(w.Norm)).Select(t => t.Pattern.TrimEnd('*')).Distinct().ToList(),
            CriticalMisses = critical,
            Numbers = numbers.Select(n => n.Text).ToList(),
            NumbersInResult = resultNumbers.Count > 0,
            ResultNumbers = resultNumbers,
            IWords = w.Norm.Count(English.IWords.Contains),
            WeWords = w.Norm.Count(English.WeWords.Contains),
            Values = values,
            KeyPhrasesUsed = _company.KeyPhrases.Where(k => k.Forms.Any(f => f.MayOccurIn(w.Index) && f.OccursIn(w.Norm))).Select(k => k.Phrase).ToList(),
            MentionsCompany = _company.NamePhrases.Any(n => n.OccursIn(w.Norm)),
            RoleTerms = _company.Role.Terms.Where(t => t.MayOccurIn(w.Index) && t.OccursIn(w.Norm)).Select(t => t.Pattern.TrimEnd('*')).Distinct().ToList(),
            RedFlags = redFlags,
            EnthusiasmMarkers = delivery.Enthusiasm,
            Fillers = delivery.Fillers,
            FillersPerMinute = minutes > 0 ? Math.Round(delivery.Fillers.Values.Sum() / minutes, 1) : 0,
            FillerTimes = delivery.FillerTimes,
            Hedges = delivery.Hedges,
            Repeats = delivery.Repeats,
            Pauses = delivery.Pauses,
            LongPauses = delivery.LongPauses,
            LongestPauseSeconds = Math.Round(delivery.LongestPause, 1),
            TotalPauseSeconds = Math.Round(delivery.TotalPause, 1),
        };
    }

    /// <summary>
    /// A red flag heard surely (naming the first high-severity one, else every one heard), or a stance only possibly heard
    /// by meaning: a "needs work" point that names the sentence, never a cap. Null when neither.
    /// </summary>
    private CriticalMissCheck? RedFlagMiss(IReadOnlyList<RedFlagHit> redFlags, double confidence, string? doubt)
    {
        if (confidence > 0)
        {
            var high = redFlags.Where(r => r.IsHighSeverity()).ToList();
            var reason = high.Count > 0
                ? $"\"{high[0].Phrase}\": {high[0].Label}"
                : string.Join("; ", redFlags.Select(r => $"\"{r.Phrase}\": {r.Label}"));
            return new CriticalMissCheck("red_flag", confidence, reason);
        }

        return doubt is null ? null : new CriticalMissCheck("red_flag", _rubric.Critical.NeedsWorkConfidence, doubt);
    }

    /// <summary>Sentences, their vectors (one encoder call per answer) and the classifier's STAR-Lite probabilities.</summary>
    private SentenceView Read(AnswerText w, CancellationToken cancellationToken)
    {
        var spans = _splitter.Split(w);
        var texts = spans.Select(s => w.RawText(s)).ToList();
        var vectors = spans.Count == 0 ? [] : _semantic.Encoder.Encode(texts, cancellationToken);
        var parts = new List<double[]>(spans.Count);
        for (var i = 0; i < spans.Count; i++)
        {
            parts.Add(_semantic.Classifier.Predict(_features.Build(vectors[i], w.Slice(spans[i]), i, spans.Count)));
        }

        return new SentenceView(w, spans, vectors, parts);
    }

    /// <summary>
    /// STAR seconds: each sentence owns the time from its first word to the next sentence's first word. Without an
    /// example there is no story: opinions are not a Situation, so no STAR part is present (the connection can still
    /// be); the seconds stay, for the timeline.
    /// </summary>
    private (Dictionary<StarPart, StarPartTiming>, List<LabeledSentence>) Star(SentenceView view, StarPart[] labels, double[][] cues, bool hasExample)
    {
        var w = view.Text;
        var seconds = new double[5];
        var evidence = new double[5];
        var probability = new double[5];
        var texts = Enumerable.Range(0, 5).Select(_ => new List<string>()).ToArray();
        var labeled = new List<LabeledSentence>();
        for (var i = 0; i < view.Count; i++)
        {
            var s = view.Spans[i];
            var start = w.Start[s.First];
            var end = i + 1 < view.Count ? w.Start[view.Spans[i + 1].First] : w.End[s.Last];
            var p = (int)labels[i];
            seconds[p] += Math.Max(0, end - start);
            evidence[p] += cues[i][p];
            probability[p] += view.Parts[i][p];
            var text = w.RawText(s);
            texts[p].Add(text);
            labeled.Add(new LabeledSentence(text, labels[i], start, end));
        }

        double[] budgets = [_rubric.SituationBudget, _rubric.TaskBudget, _rubric.ActionBudget, _rubric.ResultBudget, _rubric.ResultBudget];
        var seg = _rubric.StarSegmentation;
        var star = new Dictionary<StarPart, StarPartTiming>();
        for (var p = 0; p < 5; p++)
        {
            // The connection needs its own words (a value, the company, the role): an opinion is not a connection.
            var connection = p == (int)StarPart.Connection;
            var present = (evidence[p] >= seg.Presence || (probability[p] >= seg.ClassifierPresence && !connection)) && (hasExample || connection);
            var over = present && seconds[p] > budgets[p] * _rubric.OverBudgetRatio && p != (int)StarPart.Connection;
            star[(StarPart)p] = new StarPartTiming(present, Math.Round(seconds[p], 1), budgets[p], string.Join(' ', texts[p])) { OverBudget = over, Probability = Math.Round(probability[p] / Math.Max(1, view.Count), 3) };
        }

        return (star, labeled);
    }

    /// <summary>
    /// The numbers that measure a story's result (the seeds' "50% tech debt reduction", "two days later"): those in a
    /// Result or Connection sentence, and those said late in an action sentence (rubric results.from_share: a spoken
    /// result often shares a long sentence with its action, "...and an epoch now takes eighty minutes") or beside an
    /// outcome word ("cut retraining from two days to six hours"). A number in the opening scene measures the problem ("the pipeline
    /// was down for two hours"), not the result, and one right after "took" or "spent" the effort ("it took two quarters").
    /// </summary>
    private List<string> ResultNumbers(SentenceView view, StarPart[] labels, List<Quantity> numbers, bool story)
    {
        // Without an example there is no story and so no result: "I've spent five years on MLOps" in a motivation answer
        // is background, not a quantified result.
        if (!story)
        {
            return [];
        }

        var w = view.Text;
        var outcomeWords = _rubric.StarCues.GetValueOrDefault("result") ?? [];
        var late = (int)Math.Ceiling(w.Count * _rubric.ResultFromShare);

        // Those in a Result or Connection sentence first: the report quotes the first one.
        var inResult = new List<string>();
        var elsewhere = new List<string>();
        foreach (var n in numbers)
        {
            var i = view.SentenceOf(n.First);
            if (i < 0)
            {
                continue;
            }

            // Late in the story counts only in an action sentence (a long setup's late numbers still set the scene: "two
            // engineers were thinking of leaving"); an outcome word in the past perfect is the backstory ("our team had
            // grown from four to nine and the roadmap had doubled"), not what her action changed ("I cut retraining from
            // two days to six hours").
            var labelled = labels[i] is StarPart.Result or StarPart.Connection;
            var lateInAction = labels[i] == StarPart.Action && n.First >= late;
            var window = _rubric.ResultOutcomeWindowWords;
            var outcome = outcomeWords.SelectMany(c => c.FindIn(view.Words(i)).Select(at => view.Spans[i].First + at))
                .Any(at => (at == 0 || w.Norm[at - 1] != "had") && (window == 0 || (at >= n.First - window && at <= n.Last + window)));
            if ((!labelled && !(i > 0 && (lateInAction || outcome))) || Effort(view, i, n))
            {
                continue;
            }

            // Quoted with what it measures ("two days", not a bare "two") when the next word says it.
            var unit = view.Spans[i].Contains(n.Last + 1) && !n.Text.EndsWith("percent", StringComparison.Ordinal) ? w.Norm[n.Last + 1] : null;
            var text = unit is null || English.FunctionWords.Contains(unit) || English.NumberWords.Contains(unit) ? n.Text : n.Text + " " + unit;
            (labelled ? inResult : elsewhere).Add(text);
        }

        return [.. inResult, .. elsewhere];
    }

    /// <summary>
    /// The number is the effort the work cost: one of rubric results.effort_before at most effort_gap_words before it, in
    /// its sentence ("it took two quarters", "took us about a month").
    /// </summary>
    private bool Effort(SentenceView view, int sentence, Quantity n)
    {
        var w = view.Text;
        var first = view.Spans[sentence].First;
        for (var at = n.First - 1; at >= Math.Max(first, n.First - 1 - _rubric.ResultEffortGapWords); at--)
        {
            if (_rubric.ResultEffortBefore.Contains(w.Norm[at]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every word of the quantity was heard at least as surely as a quote needs (typed words always).</summary>
    private bool HeardSurely(AnswerText w, Quantity quantity)
    {
        for (var i = quantity.First; i <= quantity.Last; i++)
        {
            if (w.Confidence[i] is { } c && c < _rubric.QuoteMinConfidence)
            {
                return false;
            }
        }

        return true;
    }
}
