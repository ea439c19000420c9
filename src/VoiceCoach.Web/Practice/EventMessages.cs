using VoiceCoach.Practice;

namespace VoiceCoach.Web.Practice;

/// <summary>
/// A session's events as the page receives them: one JSON object per event with a <c>type</c>, times in seconds.
/// The page renders these; nothing here is markup.
/// </summary>
internal static class EventMessages
{
    public static object? From(PracticeEvent e, string reportUrl) => e switch
    {
        SessionReady r => new { type = "ready", input = r.Input, resuming = r.Resuming },
        QuestionAsked q => new
        {
            type = "question",
            item = q.ItemId,
            number = q.Number,
            total = q.Total,
            label = q.Label,
            followUp = q.IsFollowUp,
            text = q.Text,
            target = new[] { q.Target.Min, q.Target.Max },
            tooLongAfter = Math.Round(q.TooLongAfter, 1),
        },
        CountdownTick t => new { type = "countdown", remaining = t.Remaining },
        ListeningStarted l => new { type = "listening", item = l.ItemId, label = l.Label, handsFree = l.HandsFree },
        AnswerProgress p => new
        {
            type = "progress",
            item = p.ItemId,
            elapsed = Math.Round(p.Elapsed.TotalSeconds, 2),
            spoken = Math.Round(p.Spoken.TotalSeconds, 2),
            zone = TimerZones.Of(p.Spoken.TotalSeconds, p.Target, p.TooLongAfter).ToString(),
            target = new[] { p.Target.Min, p.Target.Max },
            tooLongAfter = Math.Round(p.TooLongAfter, 1),
            levelDb = double.IsFinite(p.Level.RmsDbfs) ? Math.Round(p.Level.RmsDbfs, 1) : -100,
            clipping = p.Level.Peak >= 0.99f,
            speechNow = p.SpeechNow,
            speechHeard = p.SpeechHeard,
            silence = Math.Round(p.Silence.TotalSeconds, 2),
            silenceLimit = p.SilenceLimit.TotalSeconds,
            paused = p.Paused,
            waitingForSpeech = p.WaitingForSpeech,
            background = p.Background,
            warning = p.Warning,
        },
        SpeechStarted s => new { type = "speech", item = s.ItemId, at = Math.Round(s.At.TotalSeconds, 2) },
        NoSpeechHeard n => new { type = "no_speech", item = n.ItemId, label = n.Label, waited = Math.Round(n.Waited.TotalSeconds, 1), movingOn = n.MovingOn },
        InterviewerCutIn c => new { type = "cut_in", item = c.ItemId, label = c.Label, line = c.Line, spoken = Math.Round(c.Spoken.TotalSeconds, 1) },
        AnswerEnded a => new { type = "answer_ended", item = a.ItemId, label = a.Label, how = a.How.ToString(), seconds = Math.Round(a.DurationSeconds, 2), speechHeard = a.SpeechHeard, kept = a.Kept },
        AnswerGraded g => new { type = "graded", item = g.ItemId, label = g.Label, grade = g.Grade, noAnswer = g.NoAnswer },
        PracticeNotice n => new { type = "notice", kind = n.Kind.ToString().ToLowerInvariant(), text = n.Text },
        SessionDone d => new
        {
            type = "done",
            finished = d.Result.Finished,
            answers = d.Result.Session?.Answers.Count ?? 0,
            average = d.Result.Session?.Summary.AverageGrade,
            grades = d.Result.Session?.Answers.Select(a => new { index = a.Answer.Index, grade = a.Grade }).ToArray() ?? [],
            feedbackLatencyMs = d.Result.FeedbackLatencyMs,
            report = d.Result.Session is null ? null : reportUrl,
        },
        _ => null,
    };

    /// <summary>A command sent by the page, or null for anything else.</summary>
    public static SessionCommand? Command(string? name) => name switch
    {
        "done" => SessionCommand.Done,
        "redo" => SessionCommand.Redo,
        "repeat" => SessionCommand.Repeat,
        "skip" => SessionCommand.Skip,
        "pause" => SessionCommand.Pause,
        "quit" => SessionCommand.Quit,
        _ => null,
    };
}
