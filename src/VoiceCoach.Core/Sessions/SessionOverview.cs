using System.Globalization;
using System.Text.Json;

namespace VoiceCoach.Core.Sessions;

/// <summary>
/// The headline figures of one saved session, as the progress view needs them. Read from session.json
/// by <see cref="SessionOverview.Read"/>; tolerant of older files (missing figures are derived from the
/// answers or left null).
/// </summary>
public sealed record SessionOverview
{
    /// <summary>The session folder's name (how the user knows it).</summary>
    public required string Folder { get; init; }

    public required string Id { get; init; }

    /// <summary>When the session was graded; null when session.json has no readable date.</summary>
    public DateTimeOffset? Date { get; init; }

    /// <summary>"Recruiter Interview Practice".</summary>
    public required string SessionType { get; init; }

    /// <summary>The round most answers belong to ("recruiter"), or empty when unknown.</summary>
    public required string Round { get; init; }

    public required int QuestionsCompleted { get; init; }

    public required int QuestionsAsked { get; init; }

    public required string AverageGrade { get; init; }

    /// <summary>Average grade points; null when the file predates the field.</summary>
    public double? AveragePoints { get; init; }

    public required int CultureIntegrationPct { get; init; }

    public int? FluencyLevel { get; init; }

    public string FluencyLabel { get; init; } = string.Empty;

    /// <summary>Average answer length in seconds; null when unknown.</summary>
    public double? AverageSeconds { get; init; }

    /// <summary>The questions (1-based indexes) that got no answer: no speech was heard, or nothing was recognised.</summary>
    public IReadOnlyList<int> NoAnswers { get; init; } = [];

    /// <summary>The target this session set for the next one, as text ("B average with 80% culture integration").</summary>
    public string? NextTargetText { get; init; }

    /// <summary>The structured target; null when the file only has the text (or nothing).</summary>
    public SessionTarget? NextTarget { get; init; }

    /// <summary>
    /// Reads the overview of a session.json. <paramref name="folder"/> names the session for the user;
    /// <paramref name="file"/> names the file in error messages.
    /// </summary>
    /// <param name="stream">The file's content.</param>
    /// <param name="folder">The session folder's name.</param>
    /// <param name="file">The file's name for messages.</param>
    /// <param name="grades">The rubric's grade letters; an average grade that is not one of them is refused. Null skips the check.</param>
    /// <exception cref="SessionFileException">Not JSON, a schema version this build cannot read, not a VoiceCoach session (no answers, no average grade), or a grade that is no grade.</exception>
    public static SessionOverview Read(Stream stream, string folder, string file, IReadOnlyCollection<string>? grades = null)
    {
        using (var doc = SessionSchema.Parse(stream, file, "write it again with `voicecoach regrade` or remove the folder"))
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("answers", out var answers) || answers.ValueKind != JsonValueKind.Array)
            {
                throw new SessionFileException(file, "no answers array; this is not a VoiceCoach session.json");
            }

            var grade = Text(root, "average_grade", file) ?? throw new SessionFileException(file, "average_grade is missing; grade the session again with `voicecoach regrade`");
            SessionSchema.CheckGrade(grade, "average_grade", file, grades);
            var durations = answers.EnumerateArray()
                .Where(a => a.ValueKind == JsonValueKind.Object && Number(a, "words", file) is > 0)
                .Select(a => Number(a, "duration_s", file))
                .OfType<double>()
                .ToList();
            var rounds = answers.EnumerateArray()
                .Where(a => a.ValueKind == JsonValueKind.Object)
                .Select(a => Text(a, "round", file))
                .OfType<string>()
                .GroupBy(r => r, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Key)
                .FirstOrDefault() ?? string.Empty;

            DateTimeOffset? date = null;
            if (Text(root, "date", file) is { } d)
            {
                date = DateTimeOffset.TryParse(d, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                    ? parsed
                    : throw new SessionFileException(file, $"date: '{d}' is not a date (expected e.g. 2026-11-22T19:30:00+00:00)");
            }

            var silent = answers.EnumerateArray()
                .Select((a, i) => (a, i))
                .Where(x => x.a.ValueKind == JsonValueKind.Object
                    && (Text(x.a, "length_verdict", file) == "no_answer" || Number(x.a, "words", file) is 0))
                .Select(x => (int)(Number(x.a, "index", file) ?? x.i + 1))
                .ToList();
            var targetGrade = Text(root, "next_target_grade", file);
            var targetCulture = Number(root, "next_target_culture_pct", file);
            var answerCount = answers.GetArrayLength();
            return new SessionOverview
            {
                Folder = folder,
                Id = Text(root, "id", file) ?? folder,
                Date = date,
                SessionType = Text(root, "session_type", file) ?? "Interview Practice",
                Round = rounds,
                QuestionsCompleted = (int)(Number(root, "questions_completed", file) ?? durations.Count),
                QuestionsAsked = (int)(Number(root, "questions_asked", file) ?? answerCount),
                AverageGrade = grade,
                AveragePoints = Number(root, "average_points", file),
                CultureIntegrationPct = (int)(Number(root, "culture_integration_pct", file) ?? throw new SessionFileException(file, "culture_integration_pct is missing; grade the session again with `voicecoach regrade`")),
                FluencyLevel = Number(root, "fluency_level", file) is { } level ? (int)level : null,
                FluencyLabel = Text(root, "fluency_label", file) ?? string.Empty,
                AverageSeconds = Number(root, "average_seconds", file) ?? (durations.Count > 0 ? Math.Round(durations.Average(), 1) : null),
                NoAnswers = silent,
                NextTargetText = Text(root, "next_target", file),
                NextTarget = targetGrade is null && targetCulture is null ? null : new SessionTarget(targetGrade, targetCulture is { } c ? (int)c : null),
            };
        }
    }

    /// <summary>The target to check against: the structured one, else the text parsed, else null.</summary>
    public SessionTarget? CheckableTarget => NextTarget ?? SessionTarget.TryParse(NextTargetText);

    private static string? Text(JsonElement e, string property, string file) =>
        !e.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : throw new SessionFileException(file, $"{property}: expected text, found {v.ValueKind.ToString().ToLowerInvariant()}");

    private static double? Number(JsonElement e, string property, string file) =>
        !e.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number ? v.GetDouble()
        : throw new SessionFileException(file, $"{property}: expected a number, found {v.ValueKind.ToString().ToLowerInvariant()}");
}
