using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Sessions;

namespace VoiceCoach.Practice;

/// <summary>
/// What a practice session tells its views. Plain data (no markup): the terminal and the web page each render it
/// their own way. Delivered through <see cref="IPracticeObserver"/>.
/// </summary>
public abstract record PracticeEvent;

/// <summary>The input works (first audio heard, or recorded answers): the session is about to ask its first question.</summary>
/// <param name="Input">The microphone (or "recorded answers").</param>
/// <param name="Resuming">An earlier session is continued.</param>
public sealed record SessionReady(string Input, bool Resuming) : PracticeEvent;

/// <summary>A question is shown (and then spoken).</summary>
/// <param name="ItemId">The item in practice.json (q01, q01f1).</param>
/// <param name="Number">The main question's number (a follow-up carries its parent's).</param>
/// <param name="Total">Main questions in the session.</param>
/// <param name="Label">Q1, or Q1 follow-up.</param>
/// <param name="IsFollowUp">A follow-up to the previous main question.</param>
/// <param name="Text">The question as asked.</param>
/// <param name="Target">The length to aim for, seconds (rubric.yaml, or the question's own).</param>
/// <param name="TooLongAfter">Seconds of speech after which the answer is too long (rubric.yaml).</param>
public sealed record QuestionAsked(string ItemId, int Number, int Total, string Label, bool IsFollowUp, string Text, (double Min, double Max) Target, double TooLongAfter) : PracticeEvent;

/// <summary>The countdown before recording (when not hands-free): 3, 2, 1, then 0 for "go".</summary>
public sealed record CountdownTick(int Remaining) : PracticeEvent;

/// <summary>Recording of an answer starts.</summary>
public sealed record ListeningStarted(string ItemId, string Label, bool HandsFree) : PracticeEvent;

/// <summary>
/// The live state of the answer being recorded, after every frame of audio: elapsed time, time spoken against the
/// target, the input level, whether speech is heard.
/// </summary>
public sealed record AnswerProgress : PracticeEvent
{
    public required string ItemId { get; init; }

    public required string Label { get; init; }

    public required string Question { get; init; }

    /// <summary>Audio recorded for this answer so far.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Time since the candidate started speaking (zero before): what the timer shows against the target.</summary>
    public required TimeSpan Spoken { get; init; }

    public required (double Min, double Max) Target { get; init; }

    /// <summary>Seconds spoken after which the answer is too long: the timer's red zone and the interviewer's cut-in.</summary>
    public required double TooLongAfter { get; init; }

    public required AudioLevel Level { get; init; }

    /// <summary>The VAD hears speech right now.</summary>
    public required bool SpeechNow { get; init; }

    /// <summary>Enough speech was heard for the answer to count (and, hands-free, for silence to end it).</summary>
    public required bool SpeechHeard { get; init; }

    /// <summary>Silence since the last speech (zero while speaking).</summary>
    public required TimeSpan Silence { get; init; }

    public required TimeSpan SilenceLimit { get; init; }

    public required bool HandsFree { get; init; }

    public required bool Paused { get; init; }

    /// <summary>Hands-free: the wait for speech to start ran out; the candidate may repeat or skip the question.</summary>
    public bool WaitingForSpeech { get; init; }

    /// <summary>Earlier answers still being transcribed or graded in the background.</summary>
    public required int Background { get; init; }

    /// <summary>A problem to show (e.g. a silent microphone), or null.</summary>
    public string? Warning { get; init; }
}

/// <summary>The candidate started speaking.</summary>
public sealed record SpeechStarted(string ItemId, TimeSpan At) : PracticeEvent;

/// <summary>Hands-free: nobody spoke within the wait. <paramref name="MovingOn"/>: the answer ends as "no answer" now.</summary>
public sealed record NoSpeechHeard(string ItemId, string Label, TimeSpan Waited, bool MovingOn) : PracticeEvent;

/// <summary>The interviewer cuts in at the rubric's too-long point and ends the answer.</summary>
public sealed record InterviewerCutIn(string ItemId, string Label, string Line, TimeSpan Spoken) : PracticeEvent;

/// <summary>Recording of an answer ended.</summary>
/// <param name="ItemId">The item in practice.json.</param>
/// <param name="Label">Q1, or Q1 follow-up.</param>
/// <param name="How">How it ended.</param>
/// <param name="DurationSeconds">Length of the take.</param>
/// <param name="SpeechHeard">Enough speech was heard for it to be an answer.</param>
/// <param name="Kept">True when the take is the answer (it will be graded); false for a redo, skip or empty quit.</param>
public sealed record AnswerEnded(string ItemId, string Label, AnswerEnd How, double DurationSeconds, bool SpeechHeard, bool Kept) : PracticeEvent;

/// <summary>An answer was transcribed and graded in the background.</summary>
/// <param name="ItemId">The item in practice.json.</param>
/// <param name="Label">Q1, or Q1 follow-up.</param>
/// <param name="Grade">The letter grade.</param>
/// <param name="NoAnswer">Nobody spoke: the answer has no words.</param>
public sealed record AnswerGraded(string ItemId, string Label, string Grade, bool NoAnswer) : PracticeEvent;

/// <summary>Something to tell the candidate, in plain text.</summary>
public sealed record PracticeNotice(NoticeKind Kind, string Text) : PracticeEvent;

/// <summary>The session is over: the report is written (when anything was answered).</summary>
public sealed record SessionDone(PracticeResult Result) : PracticeEvent;

/// <summary>How a notice is shown.</summary>
public enum NoticeKind
{
    /// <summary>Neutral information.</summary>
    Info,

    /// <summary>Done (an answer recorded).</summary>
    Success,

    /// <summary>Something the candidate should know (a take kept, a question asked again).</summary>
    Warning,

    /// <summary>Something failed (an answer could not be transcribed).</summary>
    Error,
}

/// <summary>How the recording of an answer ended.</summary>
public enum AnswerEnd
{
    /// <summary>The candidate said done (a key or a button).</summary>
    Done,

    /// <summary>Hands-free: silence after speech.</summary>
    Silence,

    /// <summary>The recorded answer being played ended, or the microphone stopped.</summary>
    Source,

    /// <summary>The longest answer allowed was reached.</summary>
    Limit,

    /// <summary>The interviewer cut in at the too-long point.</summary>
    CutIn,

    /// <summary>Hands-free: nobody spoke; the answer is "no answer".</summary>
    NoSpeech,

    /// <summary>Answer again (the take is kept on disk).</summary>
    Redo,

    /// <summary>Hear the question again and answer again.</summary>
    Repeat,

    /// <summary>Skip the question.</summary>
    Skip,

    /// <summary>Stop the session (q, Ctrl+C, the page closed).</summary>
    Quit,
}

/// <summary>What a view can tell the session while an answer is recorded.</summary>
public enum SessionCommand
{
    /// <summary>The answer is finished.</summary>
    Done,

    /// <summary>Discard this take (kept on disk) and answer again.</summary>
    Redo,

    /// <summary>Ask the question again, then answer it.</summary>
    Repeat,

    /// <summary>Skip the question.</summary>
    Skip,

    /// <summary>Pause or resume recording.</summary>
    Pause,

    /// <summary>Stop the session; what was recorded is kept and graded.</summary>
    Quit,
}

/// <summary>
/// Receives a session's events. Calls are serialised (never two at once) but may come from the session loop or from
/// background grading; keep them quick (a view redraws from its own loop).
/// </summary>
public interface IPracticeObserver
{
    void OnEvent(PracticeEvent e);
}

/// <summary>The outcome of a run.</summary>
/// <param name="Session">The graded session (null when no answer was graded).</param>
/// <param name="ReportPath">report.md, when written.</param>
/// <param name="Finished">Every question answered or skipped.</param>
/// <param name="FeedbackLatencyMs">End of the last answer to report.md on disk, when an answer ended in this run.</param>
public sealed record PracticeResult(GradedSession? Session, string? ReportPath, bool Finished, double? FeedbackLatencyMs);

/// <summary>Where the live timer stands against the target: the zones both views colour the same way.</summary>
public enum TimerZone
{
    /// <summary>Under the target's minimum.</summary>
    BuildingUp,

    /// <summary>Within the target.</summary>
    OnTarget,

    /// <summary>Past the target's maximum, before the too-long point.</summary>
    WrapUp,

    /// <summary>At or past the rubric's too-long point (where the grader calls the answer too long).</summary>
    TooLong,
}

/// <summary>The timer's zone for a time spoken.</summary>
public static class TimerZones
{
    public static TimerZone Of(double seconds, (double Min, double Max) target, double tooLongAfter) =>
        seconds < target.Min ? TimerZone.BuildingUp
        : seconds <= target.Max ? TimerZone.OnTarget
        : seconds < tooLongAfter ? TimerZone.WrapUp
        : TimerZone.TooLong;
}
