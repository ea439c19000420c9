using System.Globalization;
using System.Text.Json;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Text;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Core.Sessions;

/// <summary>
/// Reads a session.json back into the <see cref="GradedSession"/> it was written from, grades and
/// feedback as they were, so the report can be rendered again with today's writers without grading
/// again (that is `regrade`). Questions are looked up in the catalog by id (for titles); a question no
/// longer in the banks is rebuilt from the text, round and kind stored in the file.
/// </summary>
public static class GradedSessionReader
{
    /// <summary>Reads a session.json.</summary>
    /// <param name="stream">The file's content.</param>
    /// <param name="file">The file's name for messages.</param>
    /// <param name="catalog">The question banks.</param>
    /// <param name="assessorFor">
    /// Given the session's company id, an assessor that fills in the texts older files did not store
    /// (development area notes, fluency notes, coach questions) from the stored findings; null leaves them empty.
    /// </param>
    /// <param name="grades">The rubric's grade letters; a grade in the file that is not one of them is refused. Null skips the check.</param>
    /// <exception cref="SessionFileException">Not JSON, not a session, a schema version this build cannot read, a grade that is no grade, or a field is missing or malformed.</exception>
    public static GradedSession Read(Stream stream, string file, QuestionCatalog catalog, Func<string, ISessionAssessor>? assessorFor = null, IReadOnlyCollection<string>? grades = null)
    {
        using (var doc = SessionSchema.Parse(stream, file, "grade the answers again with `voicecoach grade`"))
        {
            var r = new Fields(file);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("answers", out var answersJson) || answersJson.ValueKind != JsonValueKind.Array)
            {
                throw new SessionFileException(file, "no answers array; this is not a VoiceCoach session.json");
            }

            var company = r.Text(root, "company") ?? "netflix";
            var answers = new List<GradedAnswer>();
            var i = 0;
            foreach (var a in answersJson.EnumerateArray())
            {
                var answer = ReadAnswer(a, $"answers[{i}]", company, catalog, r);
                SessionSchema.CheckGrade(answer.Grade, $"answers[{i}].grade", file, grades);
                SessionSchema.CheckGrade(answer.RubricGrade, $"answers[{i}].rubric_grade", file, grades);
                if (answer.UncalibratedGrade is { } plain)
                {
                    SessionSchema.CheckGrade(plain, $"answers[{i}].uncalibrated_grade", file, grades);
                }

                answers.Add(answer);
                i++;
            }

            var date = r.Text(root, "date") is { } d && DateTimeOffset.TryParse(d, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                ? parsed
                : throw new SessionFileException(file, "date: missing or not a date (expected e.g. 2026-11-22T19:30:00+00:00)");
            var summary = ReadSummary(root, answers, r);
            SessionSchema.CheckGrade(summary.AverageGrade, "average_grade", file, grades);
            var missingTexts = !root.TryGetProperty("fluency_notes", out _);
            if (missingTexts && assessorFor is not null)
            {
                var derived = assessorFor(company).Assess(answers, summary.QuestionsAsked);
                summary = summary with
                {
                    DevelopmentAreas = derived.DevelopmentAreas,
                    FluencyNotes = derived.FluencyNotes,
                    CoachQuestions = derived.CoachQuestions,
                };
            }

            var timings = new Dictionary<string, double>(StringComparer.Ordinal);
            if (root.TryGetProperty("timings", out var t) && t.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in t.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.Number)
                    {
                        timings[p.Name] = p.Value.GetDouble();
                    }
                }
            }

            return new GradedSession
            {
                Id = r.Text(root, "id") ?? Path.GetFileName(Path.GetDirectoryName(file)) ?? "session",
                Date = date,
                Company = company,
                CompanyName = r.Text(root, "company_name") ?? company,
                SessionType = r.Text(root, "session_type") ?? "Interview Practice",
                Engines = r.Texts(root, "engines"),
                Grader = r.Text(root, "grader") ?? "VoiceCoach rubric",
                Notices = r.Texts(root, "notices"),
                Review = root.TryGetProperty("review", out var rv) && rv.ValueKind == JsonValueKind.Object
                    ? new SessionReview(r.Text(rv, "status") ?? LlmReview.Fallback, r.Text(rv, "overview"), r.Text(rv, "top_priority"), r.Text(rv, "reason") ?? string.Empty)
                    {
                        Model = r.Text(rv, "model"),
                        LatencyMs = r.Number(rv, "latency_ms") ?? 0,
                    }
                    : null,
                Timings = timings,
                Answers = answers,
                Summary = summary,
            };
        }
    }

    private static SessionSummary ReadSummary(JsonElement root, List<GradedAnswer> answers, Fields r)
    {
        var items = new List<ActionItem>();
        if (root.TryGetProperty("action_items", out var ai) && ai.ValueKind == JsonValueKind.Array)
        {
            var k = 0;
            foreach (var item in ai.EnumerateArray())
            {
                items.Add(new ActionItem(r.Text(item, "title") ?? throw r.Missing($"action_items[{k}].title"), r.Texts(item, "steps")));
                k++;
            }
        }

        var grade = r.Text(root, "average_grade") ?? throw r.Missing("average_grade");
        var target = SessionTarget.TryParse(r.Text(root, "next_target"));
        return new SessionSummary
        {
            QuestionsCompleted = (int)(r.Number(root, "questions_completed") ?? answers.Count(a => a.Findings.Words > 0)),
            QuestionsAsked = (int)(r.Number(root, "questions_asked") ?? answers.Count),
            AverageGrade = grade,
            AveragePoints = r.Number(root, "average_points") ?? 0,
            AverageScore = r.Number(root, "average_score") ?? 0,
            CultureIntegrationPct = (int)(r.Number(root, "culture_integration_pct") ?? throw r.Missing("culture_integration_pct")),
            RoleEnthusiasmPct = (int)(r.Number(root, "role_enthusiasm_pct") ?? 0),
            FluencyLevel = (int)(r.Number(root, "fluency_level") ?? 0),
            FluencyLabel = r.Text(root, "fluency_label") ?? string.Empty,
            FluencyNotes = r.Texts(root, "fluency_notes"),
            Strengths = r.Texts(root, "strengths"),
            DevelopmentAreaIds = r.Texts(root, "development_areas"),
            DevelopmentAreas = r.Texts(root, "development_area_notes"),
            RecommendedFocus = r.Text(root, "recommended_focus") ?? string.Empty,
            ActionItems = items,
            CoachQuestions = r.Texts(root, "coach_questions"),
            NextTargetGrade = r.Text(root, "next_target_grade") ?? target?.Grade ?? grade,
            NextTargetCulturePct = (int)(r.Number(root, "next_target_culture_pct") ?? target?.CulturePct ?? 0),
            AverageSeconds = r.Number(root, "average_seconds") ?? 0,
            AverageWordsPerMinute = r.Number(root, "average_words_per_minute") ?? 0,
            FillersPerMinute = r.Number(root, "fillers_per_minute") ?? 0,
        };
    }

    private static GradedAnswer ReadAnswer(JsonElement a, string field, string company, QuestionCatalog catalog, Fields r)
    {
        var text = r.Text(a, "question") ?? throw r.Missing(field + ".question");
        var id = r.Text(a, "question_id");
        var question = (id is null ? null : catalog.Find(id)) ?? catalog.FindByText(text) ?? Question.AdHoc(text, company) with
        {
            Id = id ?? "adhoc",
            Round = r.Text(a, "round") ?? Rounds.Recruiter,
            Kind = r.Text(a, "kind") ?? QuestionKinds.Story,
        };
        var engine = r.Text(a, "engine") ?? "unknown engine";
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

        var transcriptText = r.Text(a, "transcript") ?? string.Join(' ', words.Select(w => w.Text));
        var transcript = words.Count == 0 && transcriptText.Length == 0
            ? Transcript.Empty(engine)
            : new Transcript(engine, [new TranscriptSegment(words.Count > 0 ? words[0].Start : TimeSpan.Zero, words.Count > 0 ? words[^1].End : TimeSpan.Zero, transcriptText, words)]);
        var duration = r.Number(a, "duration_s") ?? throw r.Missing(field + ".duration_s");
        VoiceActivity? voice = null;
        if (a.TryGetProperty("vad", out var vad) && vad.ValueKind == JsonValueKind.Object)
        {
            voice = new VoiceActivity(
                TimeSpan.FromSeconds(r.Number(vad, "spoken_start") ?? 0),
                TimeSpan.FromSeconds(r.Number(vad, "spoken_end") ?? duration),
                (int)(r.Number(vad, "pauses") ?? 0),
                r.Number(vad, "pause_s") ?? 0,
                r.Number(vad, "longest_pause_s") ?? 0,
                (int)(r.Number(vad, "long_pauses") ?? 0));
        }

        var answer = new AnswerToGrade
        {
            Index = (int)(r.Number(a, "index") ?? 1),
            Question = question,
            Transcript = transcript,
            Duration = TimeSpan.FromSeconds(duration),
            TimingEstimated = r.Bool(a, "timing_estimated"),
            AudioPath = r.Text(a, "audio"),
            Voice = voice,
        };

        var sentences = new List<LabeledSentence>();
        if (a.TryGetProperty("sentences", out var ss) && ss.ValueKind == JsonValueKind.Array)
        {
            foreach (var s in ss.EnumerateArray())
            {
                sentences.Add(new LabeledSentence(r.Text(s, "text") ?? string.Empty, Part(r.Text(s, "part")), r.Number(s, "start") ?? 0, r.Number(s, "end") ?? 0));
            }
        }

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

        var fillers = a.TryGetProperty("fillers", out var fj) && fj.ValueKind == JsonValueKind.Object ? fj : default;
        var fillerCounts = Counts(fillers, "by_word");
        var pauses = a.TryGetProperty("pauses", out var pj) && pj.ValueKind == JsonValueKind.Object ? pj : default;
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
            Star = star,
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
            Fillers = fillerCounts,
            FillersPerMinute = fillers.ValueKind == JsonValueKind.Object ? r.Number(fillers, "per_minute") ?? 0 : 0,
            FillerTimes = fillers.ValueKind == JsonValueKind.Object && fillers.TryGetProperty("times_s", out var times) && times.ValueKind == JsonValueKind.Array
                ? times.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Number).Select(x => x.GetDouble()).ToList()
                : FillerTimes(words, fillerCounts.Keys),
            Hedges = a.TryGetProperty("hedges", out var hj) && hj.ValueKind == JsonValueKind.Object ? Counts(hj, "by_phrase") : new Dictionary<string, int>(),
            Repeats = r.Texts(a, "repeated_words"),
            Pauses = pauses.ValueKind == JsonValueKind.Object ? (int)(r.Number(pauses, "count") ?? 0) : 0,
            LongPauses = pauses.ValueKind == JsonValueKind.Object ? (int)(r.Number(pauses, "long") ?? 0) : 0,
            LongestPauseSeconds = pauses.ValueKind == JsonValueKind.Object ? r.Number(pauses, "longest_s") ?? 0 : 0,
            TotalPauseSeconds = pauses.ValueKind == JsonValueKind.Object ? r.Number(pauses, "total_s") ?? 0 : 0,
        };

        var feedback = a.TryGetProperty("feedback", out var fb) && fb.ValueKind == JsonValueKind.Object ? fb : default;
        var criteria = new Dictionary<string, double>(StringComparer.Ordinal);
        if (a.TryGetProperty("criteria", out var cj) && cj.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in cj.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number))
            {
                criteria[p.Name] = p.Value.GetDouble();
            }
        }

        LlmReview? llm = null;
        if (a.TryGetProperty("llm", out var lj) && lj.ValueKind == JsonValueKind.Object)
        {
            llm = new LlmReview(r.Text(lj, "status") ?? "off", r.Text(lj, "proposed_grade"), r.Text(lj, "reason") ?? string.Empty)
            {
                Model = r.Text(lj, "model"),
                LatencyMs = r.Number(lj, "latency_ms") ?? 0,
                Steps = (int)(r.Number(lj, "steps") ?? 0),
                Bounded = r.Bool(lj, "bounded"),
                Attempts = (int)(r.Number(lj, "attempts") ?? 0),
            };
        }

        var rubricFeedback = a.TryGetProperty("rubric_feedback", out var rf) && rf.ValueKind == JsonValueKind.Object
            ? new AnswerFeedback(r.Texts(rf, "worked"), r.Texts(rf, "needs_work"), r.Text(rf, "tip") ?? string.Empty, r.Text(rf, "template") ?? string.Empty, null)
            : null;

        var grade = r.Text(a, "grade") ?? throw r.Missing(field + ".grade");
        return new GradedAnswer
        {
            Answer = answer,
            Findings = findings,
            Criteria = criteria,
            Score = r.Number(a, "score") ?? 0,
            Grade = grade,
            RubricGrade = r.Text(a, "rubric_grade") ?? grade,
            UncalibratedGrade = r.Text(a, "uncalibrated_grade"),
            CappedBy = r.Text(a, "capped_by"),
            Flags = r.Texts(a, "flags"),
            Feedback = feedback.ValueKind == JsonValueKind.Object
                ? new AnswerFeedback(r.Texts(feedback, "worked"), r.Texts(feedback, "needs_work"), r.Text(feedback, "tip") ?? string.Empty, r.Text(feedback, "template") ?? string.Empty, r.Text(feedback, "critical_miss"))
                {
                    AskedFor = r.Texts(feedback, "asked_for"),
                }
                : new AnswerFeedback([], [], string.Empty, string.Empty, null),
            Llm = llm,
            RubricFeedback = rubricFeedback,
        };
    }

    /// <summary>
    /// Where fillers start, for files written before filler times were stored: every place the
    /// normalised words match a filler ("um", "you know").
    /// </summary>
    public static IReadOnlyList<double> FillerTimes(IReadOnlyList<TimedWord> words, IEnumerable<string> fillers)
    {
        var normalised = words.Select(w => WordText.Normalize(w.Text)).ToList();
        var times = new List<double>();
        foreach (var filler in fillers)
        {
            var parts = WordText.Words(filler);
            if (parts.Count == 0)
            {
                continue;
            }

            for (var i = 0; i + parts.Count <= normalised.Count; i++)
            {
                var match = true;
                for (var k = 0; k < parts.Count && match; k++)
                {
                    match = string.Equals(normalised[i + k], parts[k], StringComparison.Ordinal);
                }

                if (match)
                {
                    times.Add(Math.Round(words[i].Start.TotalSeconds, 2));
                }
            }
        }

        times.Sort();
        return times;
    }

    private static List<ValueEvidence> ReadValues(JsonElement a, Fields r)
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

    private static List<CriticalMissCheck> ReadCriticalMisses(JsonElement a, Fields r)
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

    private static List<RedFlagHit> ReadRedFlags(JsonElement a, Fields r)
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

    /// <summary>Typed field access that names the file and field when a value has the wrong type.</summary>
    private sealed class Fields(string file)
    {
        public SessionFileException Missing(string field) => new(file, $"{field} is missing; this session.json is incomplete (grade the answers again with `voicecoach regrade`)");

        public string? Text(JsonElement e, string property) =>
            !e.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null ? null
            : v.ValueKind == JsonValueKind.String ? v.GetString()
            : throw new SessionFileException(file, $"{property}: expected text, found {v.ValueKind.ToString().ToLowerInvariant()}");

        public double? Number(JsonElement e, string property) =>
            !e.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null ? null
            : v.ValueKind == JsonValueKind.Number ? v.GetDouble()
            : throw new SessionFileException(file, $"{property}: expected a number, found {v.ValueKind.ToString().ToLowerInvariant()}");

        public bool Bool(JsonElement e, string property) =>
            e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.True;

        public IReadOnlyList<string> Texts(JsonElement e, string property) =>
            !e.TryGetProperty(property, out var v) || v.ValueKind != JsonValueKind.Array ? []
            : v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() ?? string.Empty
                : throw new SessionFileException(file, $"{property}: expected a list of texts")).ToList();
    }
}
