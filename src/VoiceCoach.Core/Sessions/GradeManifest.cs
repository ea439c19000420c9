using System.Globalization;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Transcription;

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

    /// <summary>A labelled answer's name (labelled sets for `prompts eval`); null when the manifest gives none.</summary>
    public string? Id { get; init; }

    /// <summary>
    /// The flags a coach expects the grader to raise (labelled sets for `prompts eval`): empty for a clean answer,
    /// null when the manifest doesn't label flags for this answer.
    /// </summary>
    public IReadOnlyList<string>? ExpectedFlags { get; init; }

    /// <summary>Line in the manifest, for messages.</summary>
    public long Line { get; init; }

    /// <summary>A typed answer ready to grade, word times estimated over <see cref="DurationSeconds"/>.</summary>
    /// <param name="index">Its 1-based position in the session.</param>
    /// <exception cref="InvalidOperationException">The answer is audio, not a typed transcript.</exception>
    public AnswerToGrade ToTypedAnswer(int index)
    {
        if (Transcript is null || DurationSeconds is not { } seconds)
        {
            throw new InvalidOperationException($"manifest line {Line.ToString(CultureInfo.InvariantCulture)}: not a typed answer (transcript with duration_s)");
        }

        return new AnswerToGrade
        {
            Index = index,
            Question = Question,
            Transcript = TranscriptTiming.Estimate(Transcript, TimeSpan.FromSeconds(seconds)),
            Duration = TimeSpan.FromSeconds(seconds),
            TimingEstimated = true,
        };
    }
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
        var ids = new HashSet<string>(StringComparer.Ordinal);
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
                throw n["duration_s"].Error($"is {duration.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}; it must be more than 0 and at most 3600 seconds (how long the recording ran: a silent answer still has its recording's length)");
            }

            var answerId = n["id"].OptionalString();
            if (answerId is not null && !ids.Add(answerId))
            {
                throw n["id"].Error($"'{answerId}' is used by an earlier answer; ids must be unique in a manifest");
            }

            answers.Add(new ManifestAnswer
            {
                Question = question,
                Audio = audio,
                Transcript = transcript,
                DurationSeconds = duration,
                ExpectedGrade = n["expected_grade"].OptionalString(),
                Note = n["note"].OptionalString(),
                Id = answerId,
                ExpectedFlags = n["expected_flags"].Exists ? n["expected_flags"].StringList() : null,
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
