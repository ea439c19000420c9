using Microsoft.Extensions.Logging;
using VoiceCoach.Audio;
using VoiceCoach.Audio.Vad;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Grading.Reports;

namespace VoiceCoach.Practice;

/// <summary>
/// The background half of a session: each accepted answer is transcribed (the live stream completed, or the WAV
/// replayed after a resume) and graded while the next question is asked; at the end the graded answers are assembled
/// in the order asked, reviewed, and written as the report.
/// </summary>
/// <remarks>Threading: one task per answer; they touch the state only under the book's gate. Not cancelled by Ctrl+C (the report needs them).</remarks>
internal sealed class AnswerPipeline(PracticeContext c, PracticeBook book, Action<PracticeEvent> emit)
{
    private readonly Dictionary<string, Task<GradedAnswer?>> _processing = [];
    private readonly Dictionary<string, long> _transcriptReady = [];
    private readonly List<string> _notices = [];
    private double _gradingMs;

    /// <summary>Answers still being transcribed or graded.</summary>
    public int Busy
    {
        get
        {
            lock (book.Gate)
            {
                return _processing.Values.Count(t => !t.IsCompleted);
            }
        }
    }

    /// <summary>A line for the report's header (e.g. an answer graded without its recording).</summary>
    public void AddNotice(string notice)
    {
        lock (book.Gate)
        {
            _notices.Add(notice);
        }
    }

    /// <summary>Starts transcribing and grading an answer; <paramref name="take"/> is null for one resumed from disk.</summary>
    public void Start(PracticeItem item, Take? take)
    {
        var task = Task.Run(() => ProcessAsync(item, take, CancellationToken.None), CancellationToken.None);
        lock (book.Gate)
        {
            _processing[item.Id] = task;
        }
    }

    private async Task<GradedAnswer?> ProcessAsync(PracticeItem item, Take? take, CancellationToken cancellationToken)
    {
        try
        {
            PreparedAnswer prepared;
            if (item.Transcript is { } stored && item.Status == PracticeStatus.Transcribed)
            {
                if (take is not null)
                {
                    await take.Stream.DisposeAsync();
                }

                var transcript = stored.ToTranscript();
                prepared = new PreparedAnswer(transcript, item.Voice?.ToVoiceActivity(), item.Voice?.HasSpeech ?? transcript.Segments.Count > 0, TimeSpan.FromSeconds(item.DurationS ?? 0), TimeSpan.Zero);
            }
            else
            {
                prepared = take is null ? await FromDiskAsync(item, cancellationToken) : await FromTakeAsync(item, take, cancellationToken);
                Store(item, prepared);
            }

            var answer = prepared.ToAnswer(book.State.Items.IndexOf(item) + 1, book.Resolve(item), item.Audio) with
            {
                Duration = TimeSpan.FromSeconds(item.DurationS ?? prepared.Duration.TotalSeconds),
            };
            var started = c.Time.GetTimestamp();
            var graded = await c.Grader.GradeAsync(answer, cancellationToken);
            lock (book.Gate)
            {
                _gradingMs += c.Time.GetElapsedTime(started).TotalMilliseconds;
            }

            emit(new AnswerGraded(item.Id, book.Label(item), graded.Grade, !prepared.HasSpeech));
            return graded;
        }
        catch (Exception e) when (e is TranscriptionException or AudioFormatException)
        {
            c.Logger.LogError(e, "Answer {Item} could not be transcribed", item.Id);
            emit(new PracticeNotice(NoticeKind.Error, $"{book.Label(item)}: {e.Message}"));
            return null;
        }
    }

    /// <summary>The live answer: its VAD windows are already known; the recogniser has heard it as it was spoken.</summary>
    private async Task<PreparedAnswer> FromTakeAsync(PracticeItem item, Take take, CancellationToken cancellationToken)
    {
        var probabilities = take.Probabilities.ToArray();
        var segments = c.Options.Listening.Segments;
        var vad = new VadResult(probabilities, VadSegmenter.FromProbabilities(probabilities, segments, TakeRecorder.VadWindow), (int)take.Samples, TakeRecorder.VadWindow, segments);
        await using (take.Stream)
        {
            // A take in which nobody spoke is not sent through the recogniser: disposing the stream abandons it at once.
            var prepared = await AnswerPreparation.PrepareAsync(vad, TimeSpan.FromSeconds(take.Samples / (double)AudioClip.SampleRate), c.Transcriber.EngineName, take.Stream.CompleteAsync, c.Time, cancellationToken);
            lock (book.Gate)
            {
                _transcriptReady[item.Id] = c.Time.GetTimestamp();
            }

            return prepared;
        }
    }

    /// <summary>Resumed: the audio is on disk but was not transcribed before the interruption.</summary>
    private async Task<PreparedAnswer> FromDiskAsync(PracticeItem item, CancellationToken cancellationToken)
    {
        var clip = AudioFileReader.ReadClip(book.PathOf(item.Audio!), cancellationToken);
        var vad = c.Vad.Detect(clip, c.Options.Listening.Segments);
        return await AnswerPreparation.PrepareAsync(vad, clip.Duration, c.Transcriber.EngineName, async ct =>
        {
            await using var replay = c.Transcriber.Start(clip.Source);
            replay.Push(clip.Samples);
            return await replay.CompleteAsync(ct);
        }, c.Time, cancellationToken);
    }

    private void Store(PracticeItem item, PreparedAnswer prepared)
    {
        var voice = prepared.Voice;
        lock (book.Gate)
        {
            item.Transcript = PracticeTranscript.From(prepared.Transcript);
            item.Voice = voice is null || !prepared.HasSpeech
                ? new PracticeVoice { HasSpeech = false }
                : new PracticeVoice
                {
                    HasSpeech = true,
                    SpokenStart = Math.Round(voice.SpokenStart.TotalSeconds, 3),
                    SpokenEnd = Math.Round(voice.SpokenEnd.TotalSeconds, 3),
                    Pauses = voice.Pauses,
                    PauseS = Math.Round(voice.PauseSeconds, 3),
                    LongestPauseS = Math.Round(voice.LongestPauseSeconds, 3),
                    LongPauses = voice.LongPauses,
                };
            item.Status = PracticeStatus.Transcribed;
            book.Save();
        }
    }

    /// <summary>Waits for every answer, numbers them in the order asked, and writes the report.</summary>
    /// <param name="lastAnswerEnd">When the last answer of this run ended (the session's clock), for the feedback latency.</param>
    /// <param name="lastItem">That answer's item.</param>
    /// <param name="finished">Every question answered or skipped.</param>
    /// <param name="cancellationToken">Cancels the session review.</param>
    public async Task<PracticeResult> FinishAsync(long? lastAnswerEnd, string? lastItem, bool finished, CancellationToken cancellationToken)
    {
        Dictionary<string, Task<GradedAnswer?>> tasks;
        lock (book.Gate)
        {
            tasks = new(_processing);
        }

        var results = new Dictionary<string, GradedAnswer>();
        foreach (var (id, task) in tasks)
        {
            if (await task.WaitAsync(cancellationToken) is { } graded)
            {
                results[id] = graded;
            }
        }

        // Number the answers in the order asked; link follow-ups to their parent's number.
        var ordered = new List<GradedAnswer>();
        var numbers = new Dictionary<string, int>();
        foreach (var item in book.State.Items)
        {
            if (results.TryGetValue(item.Id, out var g))
            {
                numbers[item.Id] = ordered.Count + 1;
                int? parent = item.FollowUpOf is { } p && numbers.TryGetValue(p, out var n) ? n : null;
                ordered.Add(g with { Answer = g.Answer with { Index = ordered.Count + 1, FollowUpOf = parent } });
            }
        }

        if (ordered.Count == 0)
        {
            book.Save();
            return new PracticeResult(null, null, finished, null);
        }

        var session = c.SessionGrader.Assemble(book.State.Id, ordered, TimeSpan.FromMilliseconds(_gradingMs));
        session = await c.SessionGrader.ReviewAsync(session with { Notices = [.. session.Notices, .. _notices] }, cancellationToken);
        var timings = new Dictionary<string, double>(session.Timings);
        session = session with { Timings = timings };
        var report = SessionFolder.Write(session, c.Company, book.Directory);
        double? latency = null;
        if (lastAnswerEnd is { } end)
        {
            // Measured to the moment report.md was renamed into place; the files are then rewritten with the figure.
            latency = Math.Round(c.Time.GetElapsedTime(end).TotalMilliseconds, 1);
            timings["feedback_latency_ms"] = latency.Value;
            if (lastItem is { } last && _transcriptReady.TryGetValue(last, out var ready))
            {
                // Of which: waiting for the recogniser to finish the last answer.
                timings["last_transcript_ms"] = Math.Round(Math.Max(0, (ready - end) * 1000.0 / c.Time.TimestampFrequency), 1);
            }

            session = session with { Timings = timings };
            SessionFolder.Write(session, c.Company, book.Directory);
        }

        book.State.Finished = finished;
        book.Save();
        c.Logger.LogInformation("Practice {Session}: {Answers} answers, report {Report}", book.State.Id, ordered.Count, report);
        return new PracticeResult(session, report, finished, latency);
    }
}
