using Microsoft.Extensions.Logging;
using VoiceCoach.Audio.Vad;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Semantics;

namespace VoiceCoach.Practice;

/// <summary>Everything a session runs with. The session owns none of it: the caller creates and disposes each part.</summary>
public sealed record PracticeContext
{
    public required PracticeState State { get; init; }

    /// <summary>The session folder (practice.json, answers/, the report).</summary>
    public required string Directory { get; init; }

    public required QuestionCatalog Catalog { get; init; }

    public required RubricSettings Rubric { get; init; }

    public required CompanyPack Company { get; init; }

    /// <summary>Grades one answer (the rubric; an LLM-backed grader wraps it when one is configured).</summary>
    public required IAnswerGrader Grader { get; init; }

    /// <summary>The rubric grader under <see cref="Grader"/>: warmed up at session start without an LLM call.</summary>
    public required RubricGrader RubricGrader { get; init; }

    /// <summary>The grader's semantic layer (the process's one): the session's questions are encoded at start, not after the first answer.</summary>
    public required SemanticModel Semantic { get; init; }

    public required SessionGrader SessionGrader { get; init; }

    /// <summary>The microphone, recorded answers (<see cref="ICuedAudioSource"/>), or the browser's audio.</summary>
    public required IAudioSource Source { get; init; }

    /// <summary>Says the questions (and the interviewer's cut-in).</summary>
    public required ISpeaker Speaker { get; init; }

    /// <summary>Plays the cue tone in hands-free mode when questions are spoken; null for none.</summary>
    public IAudioSink? Sink { get; init; }

    public required IStreamingTranscriber Transcriber { get; init; }

    public required SileroVad Vad { get; init; }

    /// <summary>The view (terminal or web page).</summary>
    public required IPracticeObserver Observer { get; init; }

    public required TimeProvider Time { get; init; }

    public required PracticeOptions Options { get; init; }

    public required ILogger Logger { get; init; }
}
