using VoiceCoach.Audio.Vad;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Practice;

/// <summary>A recorded answer made ready to grade: what was said, when speech was heard, how long it took.</summary>
/// <param name="Transcript">The words (empty when no speech was heard).</param>
/// <param name="Voice">The spoken span and pauses; <see cref="VoiceActivity.Silent"/> when the VAD heard no speech, null when no VAD ran.</param>
/// <param name="HasSpeech">Speech was heard (the VAD's verdict when it ran, else whether any word was recognised).</param>
/// <param name="Duration">Length of the recording.</param>
/// <param name="TranscriptionTime">Time spent waiting for the recogniser (zero when it was not asked).</param>
public sealed record PreparedAnswer(Transcript Transcript, VoiceActivity? Voice, bool HasSpeech, TimeSpan Duration, TimeSpan TranscriptionTime)
{
    /// <summary>The answer as the grader takes it.</summary>
    public AnswerToGrade ToAnswer(int index, Question question, string? audioPath) => new()
    {
        Index = index,
        Question = question,
        Transcript = Transcript,
        Duration = Duration,
        AudioPath = audioPath,
        Voice = Voice,
    };
}

/// <summary>
/// The one path from recorded audio to an answer to grade, shared by <c>grade</c> (files) and practice (live and
/// resumed answers): the VAD decides whether anything was said; only then does the recogniser run (recognisers
/// invent words in silence, and a silent 5-minute answer costs tens of seconds of recognition for nothing); an answer
/// with no speech goes to grading as an answer with no words.
/// </summary>
public static class AnswerPreparation
{
    /// <summary>Prepares an answer from its VAD result and a way to get its transcript.</summary>
    /// <param name="vad">The answer's voice activity; null when no VAD model is available (then the recogniser decides).</param>
    /// <param name="duration">Length of the recording.</param>
    /// <param name="engine">The recogniser's name, for the empty transcript of a silent answer.</param>
    /// <param name="transcribe">Gets the transcript; not called when the VAD heard no speech.</param>
    /// <param name="time">Clock for the transcription time.</param>
    /// <param name="cancellationToken">Cancels the transcription.</param>
    public static async Task<PreparedAnswer> PrepareAsync(
        VadResult? vad, TimeSpan duration, string engine, Func<CancellationToken, Task<Transcript>> transcribe, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transcribe);
        ArgumentNullException.ThrowIfNull(time);
        if (vad is { HasSpeech: false })
        {
            return new PreparedAnswer(Transcript.Empty(engine), VoiceActivity.Silent, false, duration, TimeSpan.Zero);
        }

        var started = time.GetTimestamp();
        var transcript = await transcribe(cancellationToken);
        var spent = time.GetElapsedTime(started);
        return new PreparedAnswer(transcript, VoiceOf(vad), vad?.HasSpeech ?? transcript.Segments.Count > 0, duration, spent);
    }

    /// <summary>The spoken span and pauses of a VAD result; <see cref="VoiceActivity.Silent"/> when it heard no speech, null without one.</summary>
    public static VoiceActivity? VoiceOf(VadResult? vad) => vad switch
    {
        null => null,
        { HasSpeech: false } => VoiceActivity.Silent,
        _ => new VoiceActivity(vad.SpokenStart!.Value, vad.SpokenEnd!.Value, vad.Pauses.Count, vad.Pauses.Total.TotalSeconds, vad.Pauses.Longest.TotalSeconds, vad.Pauses.LongPauseCount),
    };
}
