using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Text;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Grading;

/// <summary>
/// Measures one answer: sentences and their STAR-Lite labels with seconds, example evidence,
/// completeness, relevance, numbers, ownership, values, role terms, red flags, enthusiasm and
/// delivery. Deterministic and allocation-light; safe to share across threads.
/// </summary>
public sealed class TranscriptAnalyzer
{
    private const double AdvancePenalty = 0.15;

    // A part counts as present when its sentences carry at least this much cue evidence: one cue
    // phrase, one "I + past verb", or the opening sentence of a story.
    private const double PresenceCue = 0.6;

    private static readonly HashSet<string> IWordSet = ["i", "i'm", "i've", "i'd", "i'll", "my", "me", "myself", "mine"];
    private static readonly HashSet<string> WeWordSet = ["we", "we're", "we've", "we'd", "we'll", "our", "us", "ours", "ourselves"];

    private static readonly HashSet<string> NumberWords =
    [
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty",
        "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion", "percent", "half",
        "twice", "double", "doubled", "triple", "tripled", "halved", "dozen", "dozens", "hundreds", "thousands", "millions",
    ];

    private static readonly HashSet<string> IrregularPast =
    [
        "built", "led", "ran", "made", "took", "wrote", "found", "told", "went", "saw", "got", "gave", "chose", "brought",
        "thought", "had", "did", "set", "put", "cut", "spent", "sent", "met", "began", "felt", "kept", "left", "lost",
        "paid", "said", "sold", "spoke", "stood", "taught", "understood", "won", "drove", "grew", "knew", "rebuilt",
        "rewrote", "came", "became", "broke", "caught", "fought", "held", "hid", "let", "meant", "read", "rode", "shut",
        "sought", "split", "spun", "struck", "swung", "threw", "woke", "wore", "bought", "dug", "fed", "flew", "forgot",
        "heard", "laid", "lent", "overcame", "oversaw", "undertook", "withdrew", "was", "were",
    ];

    private static readonly HashSet<string> NotPast = ["need", "indeed", "speed", "seed", "feed", "bed", "red", "shed", "proceed", "exceed", "succeed", "embed", "breed", "greed", "bleed", "weed"];

    private static readonly HashSet<string> StopWords =
    [
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as",
        "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "you", "your", "yours", "me", "my",
        "i", "we", "our", "us", "it", "its", "this", "that", "these", "those", "what", "which", "who", "whom", "how",
        "why", "when", "where", "there", "here", "about", "into", "over", "than", "then", "so", "some", "any", "can",
        "could", "would", "should", "will", "shall", "may", "might", "must", "have", "has", "had", "give", "tell",
        "describe", "time", "example", "walk", "through", "through", "let", "just", "more", "most", "very", "really",
        "they", "them", "their", "he", "she", "his", "her", "one", "also", "not", "no", "yes", "all", "get", "got",
        "know", "like", "think", "way", "thing", "things", "make", "made", "want", "specific", "specifically",
    ];

    private static readonly HashSet<string> RepeatExempt = ["very", "really", "no", "ha", "that", "had", "bye", "so", "many", "much"];

    private static readonly Phrase[] RoleContext = Phrase.List(["this role", "the role", "your team", "the team", "you", "your", "here"]).ToArray();

    private readonly RubricSettings _rubric;
    private readonly CompanyPack _company;

    public TranscriptAnalyzer(RubricSettings rubric, CompanyPack company)
    {
        _rubric = rubric;
        _company = company;
    }

    /// <summary>Measures one answer.</summary>
    /// <param name="question">The question answered.</param>
    /// <param name="transcript">The transcript with word times.</param>
    /// <param name="duration">The answer's duration (the recording, or the typed transcript's stated length).</param>
    /// <param name="timingEstimated">True when word times were estimated from a typed transcript.</param>
    /// <param name="voice">Voice activity from a VAD: the length is judged on the spoken span and pauses come from it.</param>
    public AnswerFindings Analyze(Question question, Transcript transcript, TimeSpan duration, bool timingEstimated, VoiceActivity? voice = null)
    {
        var w = Tokens.From(transcript);
        var live = new LivePhrases(_rubric, _company, new WordIndex(w.NormArray));
        var sentences = SplitSentences(w);
        var cues = sentences.Select(s => Cues(w, s, sentences.Count, live)).ToList();
        var labels = LabelStar(cues);

        var durationS = duration.TotalSeconds > 0 ? duration.TotalSeconds : (w.Count > 0 ? w.End[^1] : 0);
        var spoken = voice is not null ? voice.Spoken.TotalSeconds : w.Count > 0 ? Math.Max(0, w.End[^1] - w.Start[0]) : 0;

        // With a VAD, silence before and after the answer is not held against its length.
        var judged = voice is not null ? spoken : durationS;
        var target = question.TargetSeconds ?? _rubric.TargetFor(question.Kind);

        // STAR seconds: each sentence owns the time from its first word to the next sentence's first word.
        var star = new Dictionary<StarPart, StarPartTiming>();
        var labeled = new List<LabeledSentence>();
        var partSeconds = new double[5];
        var partCue = new double[5];
        var partText = new List<string>[5];
        for (var p = 0; p < 5; p++)
        {
            partText[p] = [];
        }

        for (var i = 0; i < sentences.Count; i++)
        {
            var (a, b) = sentences[i];
            var start = w.Start[a];
            var end = i + 1 < sentences.Count ? w.Start[sentences[i + 1].First] : w.End[b];
            var label = labels[i];
            partSeconds[(int)label] += Math.Max(0, end - start);
            partCue[(int)label] += cues[i][(int)label];
            var text = w.RawText(a, b);
            partText[(int)label].Add(text);
            labeled.Add(new LabeledSentence(text, label, start, end));
        }

        // Example evidence: first-person past-tense actions, specific markers and numbers.
        var pastActions = CountFirstPersonPast(w.Norm);
        var specific = _rubric.SpecificMarkers.Sum(p => live.Count(p, w.Norm));
        var numbers = FindNumbers(w.Norm);
        var opinions = _rubric.OpinionMarkers.Sum(p => live.Count(p, w.Norm));
        var evidence = pastActions + (1.5 * specific) + Math.Min(numbers.Count, 2);
        var hasExample = evidence >= _rubric.MinStoryEvidence && evidence >= opinions;

        // Without an example there is no story: opinions are not a Situation, so no STAR part is
        // present (the connection can still be). The seconds stay, for the timeline.
        double[] budgets = [_rubric.SituationBudget, _rubric.TaskBudget, _rubric.ActionBudget, _rubric.ResultBudget, _rubric.ResultBudget];
        for (var p = 0; p < 5; p++)
        {
            var present = partCue[p] >= PresenceCue && (hasExample || p == (int)StarPart.Connection);
            var over = present && partSeconds[p] > budgets[p] * _rubric.OverBudgetRatio && p != (int)StarPart.Connection;
            star[(StarPart)p] = new StarPartTiming(present, Math.Round(partSeconds[p], 1), budgets[p], string.Join(' ', partText[p])) { OverBudget = over };
        }

        var (incomplete, reason) = CheckIncomplete(w);
        var relevance = Relevance(question, w);

        var resultSentences = sentences.Where((_, i) => labels[i] is StarPart.Result or StarPart.Connection).ToList();
        var resultNumbers = numbers.Where(n => resultSentences.Any(s => n.Index >= s.First && n.Index <= s.Last)).Select(n => n.Text).ToList();

        var values = FindValues(w, sentences, labels, hasExample || question.Kind != QuestionKinds.Story, live);
        var keyPhrases = _company.KeyPhrases.Where(k => k.Forms.Any(f => live.Has(f, w.Norm))).Select(k => k.Phrase).ToList();
        var roleTerms = live.RoleTerms.Where(t => t.OccursIn(w.Norm)).Select(t => t.Pattern.TrimEnd('*')).Distinct().ToList();
        var redFlags = FindRedFlags(w, sentences, question, live);
        var enthusiasm = _rubric.Enthusiasm.Where(p => p.MayOccurIn(live.Index)).SelectMany(p => p.FindIn(w.Norm).Select(i => w.Norm[i])).ToList();

        var (fillers, fillerTimes) = FindFillers(w, live);
        var minutes = spoken > 0 ? spoken / 60 : durationS / 60;
        var hedges = Count(_rubric.Hedges.Where(p => p.MayOccurIn(live.Index)).ToList(), w.Norm);
        var repeats = new List<string>();
        for (var i = 1; i < w.Count; i++)
        {
            if (w.Norm[i] == w.Norm[i - 1] && !RepeatExempt.Contains(w.Norm[i]) && w.Norm[i].Length > 0)
            {
                repeats.Add(w.Norm[i]);
            }
        }

        int pauses = 0, longPauses = 0;
        double longest = 0, totalPause = 0;
        if (voice is not null)
        {
            (pauses, longPauses, longest, totalPause) = (voice.Pauses, voice.LongPauses, voice.LongestPauseSeconds, voice.PauseSeconds);
        }
        else if (!timingEstimated)
        {
            for (var i = 1; i < w.Count; i++)
            {
                var gap = w.Start[i] - w.End[i - 1];
                if (gap >= _rubric.PauseSeconds)
                {
                    pauses++;
                    totalPause += gap;
                    longest = Math.Max(longest, gap);
                    if (gap >= _rubric.LongPauseSeconds)
                    {
                        longPauses++;
                    }
                }
            }
        }

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
            LengthVerdict = LengthVerdict(judged, target),
            Star = star,
            Sentences = labeled,
            StoryEvidence = evidence,
            OpinionMarkers = opinions,
            HasExample = hasExample,
            Incomplete = incomplete,
            IncompleteReason = reason,
            Relevance = Math.Round(relevance, 2),
            Numbers = numbers.Select(n => n.Text).ToList(),
            NumbersInResult = resultNumbers.Count > 0,
            ResultNumbers = resultNumbers,
            IWords = w.Norm.Count(IWordSet.Contains),
            WeWords = w.Norm.Count(WeWordSet.Contains),
            Values = values,
            KeyPhrasesUsed = keyPhrases,
            MentionsCompany = live.CompanyName.Any(n => n.OccursIn(w.Norm)),
            RoleTerms = roleTerms,
            RedFlags = redFlags,
            EnthusiasmMarkers = enthusiasm,
            Fillers = fillers,
            FillersPerMinute = minutes > 0 ? Math.Round(fillers.Values.Sum() / minutes, 1) : 0,
            FillerTimes = fillerTimes,
            Hedges = hedges,
            Repeats = repeats,
            Pauses = pauses,
            LongPauses = longPauses,
            LongestPauseSeconds = Math.Round(longest, 1),
            TotalPauseSeconds = Math.Round(totalPause, 1),
        };
    }

    private string LengthVerdict(double seconds, (double Min, double Max) target)
    {
        if (seconds < target.Min * _rubric.TooShortRatio)
        {
            return "too_short";
        }

        if (seconds < target.Min - _rubric.GraceSeconds)
        {
            return "short";
        }

        if (seconds > _rubric.TooLongAfterSeconds(target))
        {
            return "too_long";
        }

        return seconds > target.Max + _rubric.GraceSeconds ? "long" : "on_target";
    }

    /// <summary>
    /// Sentences by punctuation when the transcript has any. A recogniser's transcript has none, so
    /// there sentences end at pauses and where a new thought starts ("I paused…", "we shipped…",
    /// "that's…"); any still longer than max_sentence_words is split at its largest internal gap.
    /// </summary>
    private List<(int First, int Last)> SplitSentences(Tokens w)
    {
        var list = new List<(int First, int Last)>();
        if (w.Count == 0)
        {
            return list;
        }

        var start = 0;
        for (var i = 0; i < w.Count; i++)
        {
            var boundary = i == w.Count - 1
                || (w.HasPunctuation ? WordText.EndsClause(w.Raw[i]) : w.Start[i + 1] - w.End[i] >= _rubric.SentenceGapSeconds);
            if (!boundary && i - start >= 5 && StartsNewThought(w, i + 1))
            {
                boundary = true;
            }

            if (boundary)
            {
                list.Add((start, i));
                start = i + 1;
            }
        }

        if (w.HasPunctuation)
        {
            return list;
        }

        var result = new List<(int First, int Last)>();
        foreach (var s in list)
        {
            SplitLong(w, s, result);
        }

        return result;
    }

    private void SplitLong(Tokens w, (int First, int Last) s, List<(int First, int Last)> into)
    {
        if (s.Last - s.First + 1 <= _rubric.MaxSentenceWords)
        {
            into.Add(s);
            return;
        }

        // Split at the largest gap away from the edges (at least 3 words each side).
        var best = s.First + ((s.Last - s.First) / 2);
        var bestGap = double.NegativeInfinity;
        for (var i = s.First + 3; i <= s.Last - 3; i++)
        {
            var gap = w.Start[i] - w.End[i - 1];
            if (gap > bestGap)
            {
                bestGap = gap;
                best = i;
            }
        }

        SplitLong(w, (s.First, best - 1), into);
        SplitLong(w, (best, s.Last), into);
    }

    private static readonly Phrase[] NewThought = Phrase.List(
    [
        "so i", "as a result", "in the end", "that's why", "which is why", "i decided", "my task", "my goal", "the result",
        "at netflix", "this role", "then i", "after that", "and then i", "the outcome", "since then", "what excites",
        "that's", "that is", "it's exactly", "one night", "one day", "last year", "the problem", "my job",
    ]).ToArray();

    /// <summary>A cue phrase, or "I/we" + a past-tense verb (a new action in a story), starts at word i.</summary>
    private static bool StartsNewThought(Tokens w, int i)
    {
        if (NewThought.Any(p => p.MatchesAt(w.Norm, i)))
        {
            return true;
        }

        return w.Norm[i] is "i" or "we" && i + 1 < w.Count && IsPast(w.Norm[i + 1]) && w.Norm[i + 1] is not ("was" or "were" or "had");
    }

    /// <summary>Cue strength of one sentence for each STAR part.</summary>
    private static double[] Cues(Tokens w, (int First, int Last) s, int sentenceCount, LivePhrases live)
    {
        var words = w.Slice(s.First, s.Last);
        var cues = new double[5];
        for (var p = 0; p < 5; p++)
        {
            cues[p] = live.StarCues[p].Sum(ph => ph.CountIn(words));
        }

        // Recognisers drop subjects ("…release, wrote a one-page…"), so any past-tense verb is weak action evidence.
        cues[(int)StarPart.Action] += (0.7 * CountFirstPersonPast(words)) + (0.25 * words.Count(x => IsPast(x) && x is not ("was" or "were" or "had")));
        cues[(int)StarPart.Result] += 0.8 * FindNumbers(words).Count;
        cues[(int)StarPart.Connection] +=
            live.CompanyName.Sum(n => n.CountIn(words))
            + live.ValueNames.Count(e => e.OccursIn(words))
            + (0.3 * live.ValueEvidence.Count(e => e.OccursIn(words)))
            + live.KeyPhraseForms.Count(k => k.Any(f => f.OccursIn(words)))
            + (0.5 * live.RoleTerms.Count(t => t.OccursIn(words)));
        if (s.First == 0 && sentenceCount > 1)
        {
            cues[(int)StarPart.Situation] += 0.6;
        }

        return cues;
    }

    /// <summary>
    /// Labels sentences S ≤ T ≤ A ≤ R ≤ C in order (a story moves forward), maximising cue fit by
    /// dynamic programming. Advancing costs a little, so sentences without cues stay in the current part.
    /// </summary>
    private static StarPart[] LabelStar(List<double[]> cues)
    {
        var n = cues.Count;
        var labels = new StarPart[n];
        if (n == 0)
        {
            return labels;
        }

        var dp = new double[n, 5];
        var from = new int[n, 5];
        for (var l = 0; l < 5; l++)
        {
            dp[0, l] = cues[0][l] - (l * AdvancePenalty);
        }

        for (var i = 1; i < n; i++)
        {
            for (var l = 0; l < 5; l++)
            {
                var best = double.NegativeInfinity;
                var arg = 0;
                for (var k = 0; k <= l; k++)
                {
                    var v = dp[i - 1, k] - ((l - k) * AdvancePenalty);
                    if (v > best)
                    {
                        best = v;
                        arg = k;
                    }
                }

                dp[i, l] = best + cues[i][l];
                from[i, l] = arg;
            }
        }

        var end = 0;
        for (var l = 1; l < 5; l++)
        {
            if (dp[n - 1, l] > dp[n - 1, end])
            {
                end = l;
            }
        }

        for (var i = n - 1; i >= 0; i--)
        {
            labels[i] = (StarPart)end;
            end = from[i, end];
        }

        return labels;
    }

    private static int CountFirstPersonPast(IReadOnlyList<string> words)
    {
        var count = 0;
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] is not ("i" or "we"))
            {
                continue;
            }

            // "I quickly built", "we then rolled": look two words ahead.
            for (var j = i + 1; j <= i + 2 && j < words.Count; j++)
            {
                if (IsPast(words[j]))
                {
                    count++;
                    break;
                }
            }
        }

        return count;
    }

    private static bool IsPast(string word) =>
        IrregularPast.Contains(word) || (word.Length > 3 && word.EndsWith("ed", StringComparison.Ordinal) && !NotPast.Contains(word));

    private static List<(int Index, string Text)> FindNumbers(IReadOnlyList<string> words)
    {
        var list = new List<(int, string)>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word.Length > 0 && (char.IsDigit(word[0]) || NumberWords.Contains(word)))
            {
                // "one" alone is excluded (pronoun); a run of number words counts once.
                if (list.Count > 0 && list[^1].Item1 == i - 1)
                {
                    list[^1] = (i, list[^1].Item2 + " " + word);
                    continue;
                }

                list.Add((i, word));
            }
        }

        return list;
    }

    private (bool, string?) CheckIncomplete(Tokens w)
    {
        if (w.Count == 0)
        {
            return (false, null);
        }

        var last = w.Norm[^1];
        var raw = w.Raw[^1];
        if (raw.EndsWith("...", StringComparison.Ordinal) || raw.EndsWith('\u2026') || raw.EndsWith('-') || raw.EndsWith('\u2014'))
        {
            return (true, "trails off");
        }

        if (WordText.EndsSentence(raw))
        {
            return (false, null);
        }

        if (_rubric.DanglingEndings.Contains(last))
        {
            return (true, $"ends on \"{last}\"");
        }

        return w.SentenceEnds >= 2 ? (true, "last sentence unfinished") : (false, null);
    }

    private double Relevance(Question question, Tokens w)
    {
        static string Stem(string s) => s.Length > 5 ? s[..5] : s;
        var qWords = WordText.Words(question.Text).Where(x => !StopWords.Contains(x) && x.Length > 2).Select(Stem).ToHashSet();
        if (qWords.Count == 0 || w.Count == 0)
        {
            return 1;
        }

        var aWords = w.Norm.Select(Stem).ToHashSet();
        var overlap = qWords.Count(aWords.Contains) / (double)qWords.Count;

        // Extra credit when the answer shows a value or tag the question is about.
        var topical = question.Values.Select(_company.FindValue).OfType<CompanyValue>()
            .Any(v => v.Evidence.Any(e => e.OccursIn(w.Norm)))
            || question.Tags.Any(t => aWords.Contains(Stem(WordText.Normalize(t).Split(' ')[0])));
        return Math.Min(1, overlap + (topical ? 0.2 : 0));
    }

    private List<ValueEvidence> FindValues(Tokens w, List<(int First, int Last)> sentences, StarPart[] labels, bool exampleContext, LivePhrases live)
    {
        var list = new List<ValueEvidence>();
        foreach (var v in _company.Values)
        {
            var phrases = new List<string>();
            var tied = false;
            foreach (var e in v.Evidence.Where(e => e.MayOccurIn(live.Index)))
            {
                foreach (var at in e.FindIn(w.Norm))
                {
                    phrases.Add(e.Pattern);
                    var s = sentences.FindIndex(x => at >= x.First && at <= x.Last);
                    var words = w.Slice(sentences[s].First, sentences[s].Last);
                    var concrete = CountFirstPersonPast(words) > 0 || FindNumbers(words).Count > 0
                        || _rubric.SpecificMarkers.Any(m => live.Has(m, words));
                    if (exampleContext && (concrete || labels[s] is StarPart.Action or StarPart.Result or StarPart.Connection))
                    {
                        tied = true;
                    }
                }
            }

            var named = v.NamePhrase.OccursIn(w.Norm);
            if (named)
            {
                phrases.Add(v.Name.ToLowerInvariant());
            }

            if (phrases.Count > 0)
            {
                list.Add(new ValueEvidence(v.Id, v.Name, tied, phrases.Distinct().ToList()));
            }
        }

        return list;
    }

    private List<RedFlagHit> FindRedFlags(Tokens w, List<(int First, int Last)> sentences, Question question, LivePhrases live)
    {
        var ignored = question.IgnoreRedFlags.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var hits = new List<RedFlagHit>();
        foreach (var f in _company.RedFlags.Where(f => !ignored.Contains(f.Id)))
        {
            var match = f.Patterns.Where(p => p.MayOccurIn(live.Index))
                .FirstOrDefault(p => f.RoleContextOnly ? p.FindIn(w.Norm).Any(at => AboutTheRole(w, sentences, at)) : p.OccursIn(w.Norm));
            if (match is not null)
            {
                hits.Add(new RedFlagHit(f.Id, f.Label, match.Pattern, f.Why, f.Severity));
            }
        }

        // Confusing the role: only when said about this role/company, not about past work.
        if (!ignored.Any(id => id.StartsWith("role-confusion", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var c in _company.Role.NotTheRole.Where(c => c.Pattern.MayOccurIn(live.Index)))
            {
                if (c.Pattern.FindIn(w.Norm).Any(at => AboutTheRole(w, sentences, at)))
                {
                    hits.Add(new RedFlagHit("role-confusion", "Confusing the role", c.Pattern.Pattern, c.Why, "medium"));
                }
            }
        }

        // One hit per flag; a generic role confusion adds nothing to a specific one already heard.
        var distinct = hits.GroupBy(h => h.Id).Select(g => g.First()).ToList();
        if (distinct.Any(h => h.Id != "role-confusion" && h.Id.StartsWith("role-confusion", StringComparison.Ordinal)))
        {
            distinct.RemoveAll(h => h.Id == "role-confusion");
        }

        return distinct;
    }

    private bool AboutTheRole(Tokens w, List<(int First, int Last)> sentences, int at)
    {
        var s = sentences.First(x => at >= x.First && at <= x.Last);
        var words = w.Slice(s.First, s.Last);
        return _company.NamePhrases.Any(n => n.OccursIn(words)) || RoleContext.Any(r => r.OccursIn(words));
    }

    private (Dictionary<string, int>, List<double>) FindFillers(Tokens w, LivePhrases live)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var times = new List<double>();
        var taken = new bool[w.Count];
        foreach (var p in _rubric.FillerPhrases.Concat(_rubric.FillerWords).Where(p => p.MayOccurIn(live.Index)))
        {
            foreach (var i in p.FindIn(w.Norm))
            {
                if (Enumerable.Range(i, p.Length).Any(k => taken[k]))
                {
                    continue;
                }

                for (var k = i; k < i + p.Length; k++)
                {
                    taken[k] = true;
                }

                counts[p.Pattern] = counts.GetValueOrDefault(p.Pattern) + 1;
                times.Add(w.Start[i]);
            }
        }

        for (var i = 0; i < w.Count; i++)
        {
            if (w.Norm[i] == "like" && !taken[i] && (i == 0 || !_rubric.LikeIsVerbAfter.Contains(w.Norm[i - 1]))
                && !(i + 1 < w.Count && w.Norm[i + 1] is "this" or "that" or "a" or "an" or "the" or "to"))
            {
                counts["like"] = counts.GetValueOrDefault("like") + 1;
                times.Add(w.Start[i]);
            }
        }

        times.Sort();
        return (counts, times);
    }

    private static Dictionary<string, int> Count(IReadOnlyList<Phrase> phrases, IReadOnlyList<string> words)
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in phrases)
        {
            var n = p.CountIn(words);
            if (n > 0)
            {
                d[p.Pattern] = n;
            }
        }

        return d;
    }

    /// <summary>The coach phrases that may occur in this answer (first word present); the rest are skipped.</summary>
    private sealed class LivePhrases
    {
        public LivePhrases(RubricSettings rubric, CompanyPack company, WordIndex index)
        {
            Index = index;
            StarCues = Enum.GetValues<StarPart>()
                .Select(p => rubric.StarCues.TryGetValue(p.ToString().ToLowerInvariant(), out var list) ? list.Where(x => x.MayOccurIn(index)).ToArray() : [])
                .ToArray();
            CompanyName = company.NamePhrases.Where(x => x.MayOccurIn(index)).ToArray();
            // Naming a value ("that's judgment") marks the connection; evidence phrases also occur
            // inside actions ("a one-page trade-off"), so they count less.
            ValueEvidence = company.Values.SelectMany(v => v.Evidence).Where(x => x.MayOccurIn(index)).ToArray();
            ValueNames = company.Values.Select(v => v.NamePhrase).Where(x => x.MayOccurIn(index)).ToArray();
            KeyPhraseForms = company.KeyPhrases.Select(k => k.Forms.Where(x => x.MayOccurIn(index)).ToArray()).Where(f => f.Length > 0).ToArray();
            RoleTerms = company.Role.Terms.Where(x => x.MayOccurIn(index)).ToArray();
        }

        public WordIndex Index { get; }

        public Phrase[][] StarCues { get; }

        public Phrase[] CompanyName { get; }

        public Phrase[] ValueEvidence { get; }

        public Phrase[] ValueNames { get; }

        public Phrase[][] KeyPhraseForms { get; }

        public Phrase[] RoleTerms { get; }

        public bool Has(Phrase p, IReadOnlyList<string> words) => p.MayOccurIn(Index) && p.OccursIn(words);

        public int Count(Phrase p, IReadOnlyList<string> words) => p.MayOccurIn(Index) ? p.CountIn(words) : 0;
    }

    /// <summary>The answer's words, normalised, with raw forms and times (seconds).</summary>
    private sealed class Tokens
    {
        private Tokens(List<string> norm, List<string> raw, List<double> start, List<double> end)
        {
            NormArray = norm.ToArray();
            Norm = NormArray;
            Raw = raw.ToArray();
            Start = start.ToArray();
            End = end.ToArray();
            SentenceEnds = Raw.Count(WordText.EndsSentence);
            HasPunctuation = Raw.Any(r => WordText.EndsClause(r) || r.EndsWith(','));
        }

        public IReadOnlyList<string> Norm { get; }

        public string[] NormArray { get; }

        public string[] Raw { get; }

        public double[] Start { get; }

        public double[] End { get; }

        public int Count => Norm.Count;

        public int SentenceEnds { get; }

        public bool HasPunctuation { get; }

        public static Tokens From(Transcript transcript)
        {
            var norm = new List<string>();
            var raw = new List<string>();
            var start = new List<double>();
            var end = new List<double>();
            foreach (var word in transcript.Words)
            {
                var parts = WordText.Normalize(word.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                for (var k = 0; k < parts.Length; k++)
                {
                    norm.Add(parts[k]);

                    // Punctuation belongs to the last part of a split word ("trade-off." → "trade", "off.").
                    raw.Add(k == parts.Length - 1 ? word.Text.Trim() : string.Empty);
                    start.Add(word.Start.TotalSeconds);
                    end.Add(word.End.TotalSeconds);
                }
            }

            return new Tokens(norm, raw, start, end);
        }

        public IReadOnlyList<string> Slice(int first, int last) => new ArraySegment<string>(NormArray, first, last - first + 1);

        public string RawText(int first, int last) => string.Join(' ', Raw.Skip(first).Take(last - first + 1).Where(r => r.Length > 0));
    }
}
