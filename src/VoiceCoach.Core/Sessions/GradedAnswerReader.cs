using System.Text.Json;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Core.Sessions;

/// <summary>
/// Reads one entry of a session.json's `answers` back into the <see cref="GradedAnswer"/> it was written from: the
/// question, the timed transcript, the findings, the criteria and the feedback (the rubric's and the LLM's) as they were.
/// </summary>
internal static class GradedAnswerReader
{
    /// <summary>Reads one answer.</summary>
    /// <param name="a">The answer's JSON object.</param>
    /// <param name="field">Its place in the file for messages ("answers[2]").</param>
    /// <param name="company">The session's company id (for a question no longer in the banks).</param>
    /// <param name="catalog">The question banks.</param>
    /// <param name="r">Typed field access naming the file.</param>
    public static GradedAnswer Read(JsonElement a, string field, string company, QuestionCatalog catalog, SessionJsonFields r)
    {
        var question = ReadQuestion(a, field, company, catalog, r);
        var words = ReadWords(a, r);
        var duration = r.Number(a, "duration_s") ?? throw r.Missing(field + ".duration_s");
        var answer = new AnswerToGrade
        {
            Index = (int)(r.Number(a, "index") ?? 1),
            Question = question,
            Transcript = ReadTranscript(a, words, r),
            Duration = TimeSpan.FromSeconds(duration),
            TimingEstimated = r.Bool(a, "timing_estimated"),
            AudioPath = r.Text(a, "audio"),
            Voice = ReadVoice(a, duration, r),
        };

        var grade = r.Text(a, "grade") ?? throw r.Missing(field + ".grade");
        return new GradedAnswer
        {
            Answer = answer,
            Findings = ReadFindings(a, answer, words, duration, r),
            Criteria = SessionJsonFields.NumberMap(a, "criteria"),
            Score = r.Number(a, "score") ?? 0,
            Grade = grade,
            RubricGrade = r.Text(a, "rubric_grade") ?? grade,
            UncalibratedGrade = r.Text(a, "uncalibrated_grade"),
            CappedBy = r.Text(a, "capped_by"),
            Flags = r.Texts(a, "flags"),
            Feedback = ReadFeedback(a, r),
            Llm = ReadLlm(a, r),
            RubricFeedback = ReadRubricFeedback(a, r),
        };
    }

    private static Question ReadQuestion(JsonElement a, string field, string company, QuestionCatalog catalog, SessionJsonFields r)
    {
        var text = r.Text(a, "question") ?? throw r.Missing(field + ".question");
        var id = r.Text(a, "question_id");
        return (id is null ? null : catalog.Find(id)) ?? catalog.FindByText(text) ?? Question.AdHoc(text, company) with
        {
            Id = id ?? "adhoc",
            Round = r.Text(a, "round") ?? Rounds.Recruiter,
            Kind = r.Text(a, "kind") ?? QuestionKinds.Story,
        };
    }

    private static List<TimedWord> ReadWords(JsonElement a, SessionJsonFields r)
    {
        var words = new List<TimedWord>();
        if (a.TryGetProperty("word_times", out var wt) && wt.ValueKind == JsonValueKind.Array)
        {
            foreach (var w in wt.EnumerateArray())
            {
                words.Add(new TimedWord(
                    r.Text(w, "w") ?? string.Empty,
                    TimeSpan.FromSeconds(r.Number(w, "start") ?? 0),
                    TimeSpan.FromSeconds(r.Number(w, "end") ?? 0),
                    r.Number(w, "p")));
            }
        }

        return words;
    }

    private static Transcript ReadTranscript(JsonElement a, List<TimedWord> words, SessionJsonFields r)
    {
        var engine = r.Text(a, "engine") ?? "unknown engine";
        var text = r.Text(a, "transcript") ?? string.Join(' ', words.Select(w => w.Text));
        return words.Count == 0 && text.Length == 0
            ? Transcript.Empty(engine)
            : new Transcript(engine, [new TranscriptSegment(words.Count > 0 ? words[0].Start : TimeSpan.Zero, words.Count > 0 ? words[^1].End : TimeSpan.Zero, text, words)]);
    }

    private static VoiceActivity? ReadVoice(JsonElement a, double duration, SessionJsonFields r)
    {
        if (!a.TryGetProperty("vad", out var vad) || vad.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new VoiceActivity(
            TimeSpan.FromSeconds(r.Number(vad, "spoken_start") ?? 0),
            TimeSpan.FromSeconds(r.Number(vad, "spoken_end") ?? duration),
            (int)(r.Number(vad, "pauses") ?? 0),
            r.Number(vad, "pause_s") ?? 0,
            r.Number(vad, "longest_pause_s") ?? 0,
            (int)(r.Number(vad, "long_pauses") ?? 0));
    }

    private static List<LabeledSentence> ReadSentences(JsonElement a, SessionJsonFields r)
    {
        var sentences = new List<LabeledSentence>();
        if (a.TryGetProperty("sentences", out var ss) && ss.ValueKind == JsonValueKind.Array)
        {
            foreach (var s in ss.EnumerateArray())
            {
                sentences.Add(new LabeledSentence(r.Text(s, "text") ?? string.Empty, Part(r.Text(s, "part")), r.Number(s, "start") ?? 0, r.Number(s, "end") ?? 0));
            }
        }

        return sentences;
    }

    private static Dictionary<StarPart, StarPartTiming> ReadStar(JsonElement a, List<LabeledSentence> sentences, SessionJsonFields r)
    {
        var star = new Dictionary<StarPart, StarPartTiming>();
        a.TryGetProperty("star", out var starJson);
        foreach (var part in Enum.GetValues<StarPart>())
        {
            var name = part.ToString().ToLowerInvariant();
            var partText = string.Join(' ', sentences.Where(s => s.Part == part).Select(s => s.Text));
            star[part] = starJson.ValueKind == JsonValueKind.Object && starJson.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Object
                ? new StarPartTiming(r.Bool(p, "present"), r.Number(p, "seconds") ?? 0, r.Number(p, "budget_s") ?? 0, partText) { OverBudget = r.Bool(p, "over_budget") }
                : new StarPartTiming(false, 0, 0, string.Empty);
        }

        return star;
    }

    private static AnswerFindings ReadFindings(JsonElement a, AnswerToGrade answer, List<TimedWord> words, double duration, SessionJsonFields r)
    {
        var sentences = ReadSentences(a, r);
        var target = a.TryGetProperty("target_s", out var ts) && ts.ValueKind == JsonValueKind.Array && ts.GetArrayLength() == 2
            ? (ts[0].GetDouble(), ts[1].GetDouble())
            : (30d, 60d);
        var findings = new AnswerFindings
        {
            DurationSeconds = duration,
            SpokenSeconds = r.Number(a, "spoken_s") ?? duration,
            LengthSeconds = r.Number(a, "length_judged_s") ?? duration,
            VoiceDetected = r.Bool(a, "voice_activity"),
            TimingEstimated = answer.TimingEstimated,
            Words = (int)(r.Number(a, "words") ?? words.Count),
            WordsPerMinute = r.Number(a, "words_per_minute") ?? 0,
            TargetSeconds = target,
            LengthVerdict = LengthVerdicts.Parse(r.Text(a, "length_verdict")) ?? LengthVerdict.OnTarget,
            Star = ReadStar(a, sentences, r),
            Sentences = sentences,
            HasExample = r.Bool(a, "has_example"),
            Incomplete = r.Texts(a, "flags").Contains("incomplete"),
            Relevance = r.Number(a, "relevance") ?? 0,
            RelevanceSimilarity = r.Number(a, "relevance_similarity") ?? 0,
            CloserQuestionsShare = r.Number(a, "closer_questions_share") ?? 0,
            CriticalMisses = ReadCriticalMisses(a, r),
            Numbers = r.Texts(a, "numbers"),
            IWords = a.TryGetProperty("ownership", out var own) && own.ValueKind == JsonValueKind.Object ? (int)(r.Number(own, "i") ?? 0) : 0,
            WeWords = own.ValueKind == JsonValueKind.Object ? (int)(r.Number(own, "we") ?? 0) : 0,
            Values = ReadValues(a, r),
            KeyPhrasesUsed = r.Texts(a, "key_phrases"),
            MentionsCompany = r.Bool(a, "mentions_company"),
            RoleTerms = r.Texts(a, "role_terms"),
            RedFlags = ReadRedFlags(a, r),
            EnthusiasmMarkers = r.Texts(a, "enthusiasm"),
            Hedges = a.TryGetProperty("hedges", out var hj) && hj.ValueKind == JsonValueKind.Object ? Counts(hj, "by_phrase") : new Dictionary<string, int>(),
            Repeats = r.Texts(a, "repeated_words"),
        };
        return WithPauses(a, WithFillers(a, findings, words, r), r);
    }

    private static AnswerFindings WithFillers(JsonElement a, AnswerFindings findings, List<TimedWord> words, SessionJsonFields r)
    {
        var fillers = a.TryGetProperty("fillers", out var fj) && fj.ValueKind == JsonValueKind.Object ? fj : default;
        var counts = Counts(fillers, "by_word");
        return findings with
        {
            Fillers = counts,
            FillersPerMinute = fillers.ValueKind == JsonValueKind.Object ? r.Number(fillers, "per_minute") ?? 0 : 0,
            FillerTimes = fillers.ValueKind == JsonValueKind.Object && fillers.TryGetProperty("times_s", out var times) && times.ValueKind == JsonValueKind.Array
                ? times.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Number).Select(x => x.GetDouble()).ToList()
                : GradedSessionReader.FillerTimes(words, counts.Keys),
        };
    }

    private static AnswerFindings WithPauses(JsonElement a, AnswerFindings findings, SessionJsonFields r)
    {
        if (!a.TryGetProperty("pauses", out var pauses) || pauses.ValueKind != JsonValueKind.Object)
        {
            return findings;
        }

        return findings with
        {
            Pauses = (int)(r.Number(pauses, "count") ?? 0),
            LongPauses = (int)(r.Number(pauses, "long") ?? 0),
            LongestPauseSeconds = r.Number(pauses, "longest_s") ?? 0,
            TotalPauseSeconds = r.Number(pauses, "total_s") ?? 0,
        };
    }

    private static AnswerFeedback ReadFeedback(JsonElement a, SessionJsonFields r)
    {
        if (!a.TryGetProperty("feedback", out var feedback) || feedback.ValueKind != JsonValueKind.Object)
        {
            return new AnswerFeedback([], [], string.Empty, string.Empty, null);
        }

        return new AnswerFeedback(r.Texts(feedback, "worked"), r.Texts(feedback, "needs_work"), r.Text(feedback, "tip") ?? string.Empty, r.Text(feedback, "template") ?? string.Empty, r.Text(feedback, "critical_miss"))
        {
            AskedFor = r.Texts(feedback, "asked_for"),
        };
    }

    private static AnswerFeedback? ReadRubricFeedback(JsonElement a, SessionJsonFields r) =>
        a.TryGetProperty("rubric_feedback", out var rf) && rf.ValueKind == JsonValueKind.Object
            ? new AnswerFeedback(r.Texts(rf, "worked"), r.Texts(rf, "needs_work"), r.Text(rf, "tip") ?? string.Empty, r.Text(rf, "template") ?? string.Empty, null)
            : null;

    private static LlmReview? ReadLlm(JsonElement a, SessionJsonFields r)
    {
        if (!a.TryGetProperty("llm", out var lj) || lj.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new LlmReview(r.Text(lj, "status") ?? "off", r.Text(lj, "proposed_grade"), r.Text(lj, "reason") ?? string.Empty)
        {
            Model = r.Text(lj, "model"),
            LatencyMs = r.Number(lj, "latency_ms") ?? 0,
            Steps = (int)(r.Number(lj, "steps") ?? 0),
            Bounded = r.Bool(lj, "bounded"),
            Attempts = (int)(r.Number(lj, "attempts") ?? 0),
        };
    }

    private static List<ValueEvidence> ReadValues(JsonElement a, SessionJsonFields r)
    {
        var list = new List<ValueEvidence>();
        if (a.TryGetProperty("values_detail", out var vd) && vd.ValueKind == JsonValueKind.Array)
        {
            foreach (var v in vd.EnumerateArray())
            {
                list.Add(new ValueEvidence(r.Text(v, "id") ?? string.Empty, r.Text(v, "name") ?? string.Empty, r.Bool(v, "tied_to_story"), r.Texts(v, "phrases")) { Named = r.Bool(v, "named") });
            }
        }

        return list;
    }

    private static List<CriticalMissCheck> ReadCriticalMisses(JsonElement a, SessionJsonFields r)
    {
        var list = new List<CriticalMissCheck>();
        if (a.TryGetProperty("critical_misses", out var cm) && cm.ValueKind == JsonValueKind.Array)
        {
            foreach (var c in cm.EnumerateArray())
            {
                list.Add(new CriticalMissCheck(r.Text(c, "flag") ?? string.Empty, r.Number(c, "confidence") ?? 0, r.Text(c, "reason") ?? string.Empty));
            }
        }

        return list;
    }

    private static List<RedFlagHit> ReadRedFlags(JsonElement a, SessionJsonFields r)
    {
        var list = new List<RedFlagHit>();
        if (a.TryGetProperty("red_flags", out var rf) && rf.ValueKind == JsonValueKind.Array)
        {
            foreach (var f in rf.EnumerateArray())
            {
                list.Add(new RedFlagHit(r.Text(f, "id") ?? string.Empty, r.Text(f, "label") ?? string.Empty, r.Text(f, "phrase") ?? string.Empty, r.Text(f, "why") ?? string.Empty, r.Text(f, "severity") ?? string.Empty));
            }
        }

        return list;
    }

    private static Dictionary<string, int> Counts(JsonElement parent, string name)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var c) && c.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in c.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number))
            {
                counts[p.Name] = p.Value.GetInt32();
            }
        }

        return counts;
    }

    private static StarPart Part(string? name) =>
        Enum.TryParse<StarPart>(name, ignoreCase: true, out var part) ? part : StarPart.Situation;
}
