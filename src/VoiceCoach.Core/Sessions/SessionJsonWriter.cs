using System.Text.Encodings.Web;
using System.Text.Json;
using VoiceCoach.Core.Grading;

namespace VoiceCoach.Core.Sessions;

/// <summary>
/// Writes session.json, a contract other tools read. Field names are stable (snake_case);
/// new fields may be added, existing ones are never renamed. Numbers are culture-invariant.
/// Each answer keeps its transcript with word times so the session can be re-graded later.
/// </summary>
public static class SessionJsonWriter
{
    /// <summary>Schema version written as "schema".</summary>
    public const int SchemaVersion = 1;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(GradedSession session, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, Options);
        var s = session.Summary;
        w.WriteStartObject();
        w.WriteNumber("schema", SchemaVersion);
        w.WriteString("id", session.Id);
        w.WriteString("date", session.Date);
        w.WriteString("company", session.Company);
        w.WriteString("company_name", session.CompanyName);
        w.WriteString("session_type", session.SessionType);
        w.WriteStringArray("engines", session.Engines);
        w.WriteString("grader", session.Grader);
        w.WriteStringArray("notices", session.Notices);
        if (session.Review is { } review)
        {
            w.WriteStartObject("review");
            w.WriteString("status", review.Status);
            if (review.Overview is { } overview)
            {
                w.WriteString("overview", overview);
            }

            if (review.TopPriority is { } priority)
            {
                w.WriteString("top_priority", priority);
            }

            if (review.Reason.Length > 0)
            {
                w.WriteString("reason", review.Reason);
            }

            if (review.Model is { } model)
            {
                w.WriteString("model", model);
            }

            w.WriteNumber("latency_ms", Math.Round(review.LatencyMs, 1));
            w.WriteEndObject();
        }
        w.WriteStartObject("timings");
        foreach (var (k, v) in session.Timings)
        {
            w.WriteNumber(k, Math.Round(v, 2));
        }

        w.WriteEndObject();

        w.WriteNumber("questions_completed", s.QuestionsCompleted);
        w.WriteNumber("questions_asked", s.QuestionsAsked);
        w.WriteString("average_grade", s.AverageGrade);
        w.WriteNumber("average_points", s.AveragePoints);
        w.WriteNumber("average_score", s.AverageScore);
        w.WriteNumber("culture_integration_pct", s.CultureIntegrationPct);
        w.WriteNumber("role_enthusiasm_pct", s.RoleEnthusiasmPct);
        w.WriteNumber("fluency_level", s.FluencyLevel);
        w.WriteString("fluency_label", s.FluencyLabel);
        w.WriteNumber("average_seconds", s.AverageSeconds);
        w.WriteNumber("average_words_per_minute", s.AverageWordsPerMinute);
        w.WriteNumber("fillers_per_minute", s.FillersPerMinute);
        w.WriteStringArray("strengths", s.Strengths);
        w.WriteStringArray("development_areas", s.DevelopmentAreaIds);
        w.WriteString("recommended_focus", s.RecommendedFocus);
        w.WriteStringArray("development_area_notes", s.DevelopmentAreas);
        w.WriteStringArray("fluency_notes", s.FluencyNotes);
        w.WriteStringArray("coach_questions", s.CoachQuestions);
        w.WriteStartArray("action_items");
        foreach (var item in s.ActionItems)
        {
            w.WriteStartObject();
            w.WriteString("title", item.Title);
            w.WriteStringArray("steps", item.Steps);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("next_target", s.NextTarget);
        w.WriteString("next_target_grade", s.NextTargetGrade);
        w.WriteNumber("next_target_culture_pct", s.NextTargetCulturePct);

        w.WriteStartArray("answers");
        foreach (var a in session.Answers)
        {
            WriteAnswer(w, a);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteAnswer(Utf8JsonWriter w, GradedAnswer a)
    {
        var f = a.Findings;
        var q = a.Question;
        w.WriteStartObject();
        w.WriteNumber("index", a.Answer.Index);
        w.WriteString("question", q.Text);
        w.WriteString("question_id", q.Id);
        w.WriteString("round", q.Round);
        w.WriteString("kind", q.Kind);
        if (a.Answer.FollowUpOf is { } parent)
        {
            w.WriteNumber("follow_up_of", parent);
        }

        if (a.Answer.AudioPath is { } audio)
        {
            w.WriteString("audio", audio);
        }
        else
        {
            w.WriteNull("audio");
        }

        w.WriteString("transcript", a.Answer.Transcript.Text);
        w.WriteString("engine", a.Answer.Transcript.Engine);
        w.WriteBoolean("timing_estimated", f.TimingEstimated);
        w.WriteNumber("duration_s", f.DurationSeconds);
        w.WriteNumber("spoken_s", f.SpokenSeconds);
        w.WriteNumber("length_judged_s", f.LengthSeconds);
        w.WriteBoolean("voice_activity", f.VoiceDetected);
        w.WriteNumber("words", f.Words);
        w.WriteNumber("words_per_minute", f.WordsPerMinute);
        w.WriteStartArray("target_s");
        w.WriteNumberValue(f.TargetSeconds.Min);
        w.WriteNumberValue(f.TargetSeconds.Max);
        w.WriteEndArray();
        w.WriteString("length_verdict", f.LengthVerdict.Name());
        w.WriteString("grade", a.Grade);
        w.WriteString("rubric_grade", a.RubricGrade);
        if (a.UncalibratedGrade is { } plain)
        {
            w.WriteString("uncalibrated_grade", plain);
        }

        w.WriteNumber("score", a.Score);
        if (a.CappedBy is { } cap)
        {
            w.WriteString("capped_by", cap);
        }

        w.WriteStartObject("criteria");
        foreach (var (k, v) in a.Criteria)
        {
            w.WriteNumber(k, v);
        }

        w.WriteEndObject();

        w.WriteStartObject("star");
        foreach (var (part, t) in f.Star)
        {
            w.WriteStartObject(part.ToString().ToLowerInvariant());
            w.WriteBoolean("present", t.Present);
            w.WriteNumber("seconds", t.Seconds);
            w.WriteNumber("budget_s", t.BudgetSeconds);
            w.WriteBoolean("over_budget", t.OverBudget);
            w.WriteEndObject();
        }

        w.WriteEndObject();

        w.WriteStartArray("sentences");
        foreach (var s in f.Sentences)
        {
            w.WriteStartObject();
            w.WriteString("part", s.Part.ToString().ToLowerInvariant());
            w.WriteNumber("start", Math.Round(s.Start, 2));
            w.WriteNumber("end", Math.Round(s.End, 2));
            w.WriteString("text", s.Text);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStringArray("values", f.Values.Select(v => v.Name));
        w.WriteStartArray("values_detail");
        foreach (var v in f.Values)
        {
            w.WriteStartObject();
            w.WriteString("id", v.Id);
            w.WriteString("name", v.Name);
            w.WriteBoolean("tied_to_story", v.Tied);
            w.WriteBoolean("named", v.Named);
            w.WriteStringArray("phrases", v.Phrases);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStringArray("key_phrases", f.KeyPhrasesUsed);
        w.WriteStringArray("role_terms", f.RoleTerms);
        w.WriteBoolean("mentions_company", f.MentionsCompany);
        w.WriteStartArray("red_flags");
        foreach (var r in f.RedFlags)
        {
            w.WriteStartObject();
            w.WriteString("id", r.Id);
            w.WriteString("label", r.Label);
            w.WriteString("phrase", r.Phrase);
            w.WriteString("why", r.Why);
            w.WriteString("severity", r.Severity);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStringArray("numbers", f.Numbers);
        w.WriteStringArray("enthusiasm", f.EnthusiasmMarkers);
        w.WriteStartObject("ownership");
        w.WriteNumber("i", f.IWords);
        w.WriteNumber("we", f.WeWords);
        w.WriteEndObject();
        w.WriteBoolean("has_example", f.HasExample);
        w.WriteNumber("relevance", f.Relevance);
        w.WriteNumber("relevance_similarity", f.RelevanceSimilarity);
        w.WriteNumber("closer_questions_share", f.CloserQuestionsShare);
        w.WriteStartArray("critical_misses");
        foreach (var c in f.CriticalMisses)
        {
            w.WriteStartObject();
            w.WriteString("flag", c.Flag);
            w.WriteNumber("confidence", c.Confidence);
            w.WriteString("reason", c.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartObject("fillers");
        w.WriteNumber("count", f.FillerCount);
        w.WriteNumber("per_minute", f.FillersPerMinute);
        Counts(w, "by_word", f.Fillers);
        w.WriteStartArray("times_s");
        foreach (var t in f.FillerTimes)
        {
            w.WriteNumberValue(Math.Round(t, 2));
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("hedges");
        w.WriteNumber("count", f.HedgeCount);
        Counts(w, "by_phrase", f.Hedges);
        w.WriteEndObject();
        w.WriteStringArray("repeated_words", f.Repeats);
        w.WriteStartObject("pauses");
        w.WriteNumber("count", f.Pauses);
        w.WriteNumber("long", f.LongPauses);
        w.WriteNumber("longest_s", f.LongestPauseSeconds);
        w.WriteNumber("total_s", f.TotalPauseSeconds);
        w.WriteEndObject();

        w.WriteStringArray("flags", a.Flags);
        w.WriteStartObject("feedback");
        w.WriteStringArray("worked", a.Feedback.Worked);
        w.WriteStringArray("needs_work", a.Feedback.NeedsWork);
        w.WriteString("tip", a.Feedback.Tip);
        w.WriteString("template", a.Feedback.Template);
        if (a.Feedback.CriticalMiss is { } miss)
        {
            w.WriteString("critical_miss", miss);
        }

        if (a.Feedback.AskedFor.Count > 0)
        {
            w.WriteStringArray("asked_for", a.Feedback.AskedFor);
        }

        w.WriteEndObject();

        if (a.Llm is { } llm)
        {
            w.WriteStartObject("llm");
            w.WriteString("status", llm.Status);
            if (llm.ProposedGrade is { } g)
            {
                w.WriteString("proposed_grade", g);
            }

            w.WriteString("reason", llm.Reason);
            if (llm.Model is { } m)
            {
                w.WriteString("model", m);
            }

            w.WriteNumber("latency_ms", Math.Round(llm.LatencyMs, 1));
            w.WriteNumber("steps", llm.Steps);
            w.WriteBoolean("bounded", llm.Bounded);
            w.WriteNumber("attempts", llm.Attempts);
            w.WriteEndObject();
        }

        if (a.RubricFeedback is { } rubric)
        {
            w.WriteStartObject("rubric_feedback");
            w.WriteStringArray("worked", rubric.Worked);
            w.WriteStringArray("needs_work", rubric.NeedsWork);
            w.WriteString("tip", rubric.Tip);
            w.WriteString("template", rubric.Template);
            w.WriteEndObject();
        }

        if (a.Answer.Voice is { } voice)
        {
            w.WriteStartObject("vad");
            w.WriteNumber("spoken_start", Math.Round(voice.SpokenStart.TotalSeconds, 3));
            w.WriteNumber("spoken_end", Math.Round(voice.SpokenEnd.TotalSeconds, 3));
            w.WriteNumber("pauses", voice.Pauses);
            w.WriteNumber("pause_s", Math.Round(voice.PauseSeconds, 2));
            w.WriteNumber("longest_pause_s", Math.Round(voice.LongestPauseSeconds, 2));
            w.WriteNumber("long_pauses", voice.LongPauses);
            w.WriteEndObject();
        }

        w.WriteStartArray("word_times");
        foreach (var word in a.Answer.Transcript.Words)
        {
            w.WriteStartObject();
            w.WriteString("w", word.Text);
            w.WriteNumber("start", Math.Round(word.Start.TotalSeconds, 3));
            w.WriteNumber("end", Math.Round(word.End.TotalSeconds, 3));
            if (word.Confidence is { } c)
            {
                w.WriteNumber("p", Math.Round(c, 3));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }


    private static void Counts(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, int> counts)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(k, v);
        }

        w.WriteEndObject();
    }
}
