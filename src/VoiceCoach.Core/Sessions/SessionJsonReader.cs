using System.Globalization;
using System.Text.Json;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Core.Sessions;

/// <summary>What a saved session.json holds for re-grading: the answers as they were given, and the old grades.</summary>
public sealed record SavedSession(string Id, string Company, IReadOnlyList<AnswerToGrade> Answers, IReadOnlyList<(string Grade, IReadOnlyList<string> Flags)> Grades);

/// <summary>
/// Reads the answers back from a session.json (schema 1) so a coach can re-grade a saved session with
/// today's prompts and rubric: question, transcript with word times, duration, engine, audio.
/// </summary>
public static class SessionJsonReader
{
    /// <exception cref="PromptFileException">A field is missing or malformed.</exception>
    /// <exception cref="SessionFileException">Not JSON, or a schema version this build cannot read.</exception>
    public static SavedSession Read(Stream stream, string name, QuestionCatalog catalog)
    {
        using (var doc = SessionSchema.Parse(stream, name, "it cannot be graded again; grade the answers with `voicecoach grade`"))
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("answers", out var answers) || answers.ValueKind != JsonValueKind.Array)
            {
                throw new PromptFileException(name, 0, "answers", "is missing; this is not a VoiceCoach session.json");
            }

            var company = Str(root, "company", name, string.Empty) ?? "netflix";
            var list = new List<AnswerToGrade>();
            var grades = new List<(string, IReadOnlyList<string>)>();
            var i = 0;
            foreach (var a in answers.EnumerateArray())
            {
                var field = $"answers[{i}]";
                var index = a.TryGetProperty("index", out var ix) && ix.TryGetInt32(out var n) ? n : i + 1;
                var id = Str(a, "question_id", name, field);
                var text = Str(a, "question", name, field) ?? throw new PromptFileException(name, 0, field + ".question", "is missing");
                var question = (id is null ? null : catalog.Find(id)) ?? catalog.FindByText(text) ?? Question.AdHoc(text, company);
                var engine = Str(a, "engine", name, field) ?? "unknown engine";
                var duration = a.TryGetProperty("duration_s", out var d) && d.TryGetDouble(out var ds) ? ds : throw new PromptFileException(name, 0, field + ".duration_s", "is missing");
                var words = new List<TimedWord>();
                if (a.TryGetProperty("word_times", out var wt) && wt.ValueKind == JsonValueKind.Array)
                {
                    foreach (var w in wt.EnumerateArray())
                    {
                        double? p = w.TryGetProperty("p", out var pp) && pp.TryGetDouble(out var pv) ? pv : null;
                        words.Add(new TimedWord(
                            w.GetProperty("w").GetString() ?? string.Empty,
                            TimeSpan.FromSeconds(w.GetProperty("start").GetDouble()),
                            TimeSpan.FromSeconds(w.GetProperty("end").GetDouble()),
                            p));
                    }
                }

                var transcriptText = string.Join(' ', words.Select(w => w.Text));
                var transcript = words.Count == 0
                    ? Transcript.Empty(engine)
                    : new Transcript(engine, [new TranscriptSegment(words[0].Start, words[^1].End, transcriptText, words)]);
                list.Add(new AnswerToGrade
                {
                    Index = index,
                    Question = question,
                    Transcript = transcript,
                    Duration = TimeSpan.FromSeconds(duration),
                    TimingEstimated = a.TryGetProperty("timing_estimated", out var te) && te.ValueKind == JsonValueKind.True,
                    AudioPath = Str(a, "audio", name, field),
                    FollowUpOf = a.TryGetProperty("follow_up_of", out var fu) && fu.TryGetInt32(out var parent) ? parent : null,
                    Voice = a.TryGetProperty("vad", out var vad) && vad.ValueKind == JsonValueKind.Object
                        ? new VoiceActivity(
                            TimeSpan.FromSeconds(vad.GetProperty("spoken_start").GetDouble()),
                            TimeSpan.FromSeconds(vad.GetProperty("spoken_end").GetDouble()),
                            vad.GetProperty("pauses").GetInt32(),
                            vad.GetProperty("pause_s").GetDouble(),
                            vad.GetProperty("longest_pause_s").GetDouble(),
                            vad.GetProperty("long_pauses").GetInt32())
                        : null,
                });
                var flags = a.TryGetProperty("flags", out var fl) && fl.ValueKind == JsonValueKind.Array
                    ? fl.EnumerateArray().Select(f => f.GetString() ?? string.Empty).ToList()
                    : [];
                grades.Add((Str(a, "grade", name, field) ?? "?", flags));
                i++;
            }

            return new SavedSession(Str(root, "id", name, string.Empty) ?? Path.GetFileName(name), company, list, grades);
        }
    }

    private static string? Str(JsonElement e, string property, string file, string field) =>
        e.TryGetProperty(property, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : throw new PromptFileException(file, 0, field.Length == 0 ? property : $"{field}.{property}", "expected text")
            : null;

    /// <summary>A stable file name for an archived grading: grading-N-DATE.json.</summary>
    public static string ArchiveName(int n, DateTimeOffset when, string extension) =>
        string.Create(CultureInfo.InvariantCulture, $"grading-{n}-{when:yyyyMMdd-HHmmss}.{extension}");
}
