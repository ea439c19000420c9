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
            var r = new SessionJsonFields(file);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("answers", out var answersJson) || answersJson.ValueKind != JsonValueKind.Array)
            {
                throw new SessionFileException(file, "no answers array; this is not a VoiceCoach session.json");
            }

            var company = r.Text(root, "company") ?? "netflix";
            var answers = ReadAnswers(answersJson, file, company, catalog, grades, r);

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
                Review = ReadReview(root, r),
                Timings = SessionJsonFields.NumberMap(root, "timings"),
                Answers = answers,
                Summary = summary,
            };
        }
    }

    private static List<GradedAnswer> ReadAnswers(JsonElement answersJson, string file, string company, QuestionCatalog catalog, IReadOnlyCollection<string>? grades, SessionJsonFields r)
    {
        var answers = new List<GradedAnswer>();
        foreach (var a in answersJson.EnumerateArray())
        {
            var field = $"answers[{answers.Count}]";
            var answer = GradedAnswerReader.Read(a, field, company, catalog, r);
            SessionSchema.CheckGrade(answer.Grade, field + ".grade", file, grades);
            SessionSchema.CheckGrade(answer.RubricGrade, field + ".rubric_grade", file, grades);
            if (answer.UncalibratedGrade is { } plain)
            {
                SessionSchema.CheckGrade(plain, field + ".uncalibrated_grade", file, grades);
            }

            answers.Add(answer);
        }

        return answers;
    }

    private static SessionReview? ReadReview(JsonElement root, SessionJsonFields r) =>
        root.TryGetProperty("review", out var rv) && rv.ValueKind == JsonValueKind.Object
            ? new SessionReview(r.Text(rv, "status") ?? LlmReview.Fallback, r.Text(rv, "overview"), r.Text(rv, "top_priority"), r.Text(rv, "reason") ?? string.Empty)
            {
                Model = r.Text(rv, "model"),
                LatencyMs = r.Number(rv, "latency_ms") ?? 0,
            }
            : null;

    private static SessionSummary ReadSummary(JsonElement root, List<GradedAnswer> answers, SessionJsonFields r)
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
}
