using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Questions;

namespace VoiceCoach.Core.Sessions;

/// <summary>One entry of a grade manifest: a question and either audio or a typed transcript.</summary>
public sealed record ManifestAnswer
{
    public required Question Question { get; init; }

    /// <summary>Audio path as written in the manifest (relative to the manifest's folder).</summary>
    public string? Audio { get; init; }

    public string? Transcript { get; init; }

    /// <summary>Stated duration for a typed transcript.</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>A coach's expected grade (labelled sets for `prompts eval`).</summary>
    public string? ExpectedGrade { get; init; }

    public string? Note { get; init; }

    /// <summary>Line in the manifest, for messages.</summary>
    public long Line { get; init; }
}

/// <summary>A grade manifest (YAML): which company, and the answers to grade.</summary>
public sealed record GradeManifest(string Company, IReadOnlyList<ManifestAnswer> Answers)
{
    /// <summary>Parses a manifest. Questions are resolved against the catalog (by id or text; unknown text is graded as an ad-hoc question).</summary>
    /// <exception cref="PromptFileException">Broken YAML, a missing field, an unknown question id or both/neither of audio and transcript.</exception>
    public static GradeManifest Load(TextReader reader, string file, QuestionCatalog catalog, string defaultCompany = "netflix")
    {
        var root = YamlNode.Parse(reader, file);
        var company = root["company"].StringOr(defaultCompany);
        var answers = new List<ManifestAnswer>();
        foreach (var n in root["answers"].Items())
        {
            Question question;
            if (n["question_id"].Exists)
            {
                var id = n["question_id"].RequiredString();
                question = catalog.Find(id) ?? throw n["question_id"].Error($"no question '{id}' in prompts/questions; `voicecoach questions list` shows the ids");
            }
            else if (n["question"].Exists)
            {
                var text = n["question"].RequiredString();
                question = catalog.FindByText(text) ?? Question.AdHoc(text, company);
            }
            else
            {
                throw n.Error("needs question: (the text) or question_id:");
            }

            var audio = n["audio"].OptionalString();
            var transcript = n["transcript"].OptionalString();
            if ((audio is null) == (transcript is null))
            {
                throw n.Error("needs exactly one of audio: (a file) or transcript: (typed text with duration_s)");
            }

            double? duration = n["duration_s"].Exists ? n["duration_s"].RequiredDouble() : null;
            if (transcript is not null && duration is null)
            {
                throw n["duration_s"].Error("is missing; a typed transcript needs duration_s (how long the answer took, in seconds)");
            }

            if (duration is <= 0 or > 3600)
            {
                throw n["duration_s"].Error("must be between 0 and 3600 seconds");
            }

            answers.Add(new ManifestAnswer
            {
                Question = question,
                Audio = audio,
                Transcript = transcript,
                DurationSeconds = duration,
                ExpectedGrade = n["expected_grade"].OptionalString(),
                Note = n["note"].OptionalString(),
                Line = n.Line,
            });
        }

        if (answers.Count == 0)
        {
            throw root["answers"].Error("no answers; expected a list of answers with question and audio (or transcript)");
        }

        return new GradeManifest(company, answers);
    }
}
