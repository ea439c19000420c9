using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using VoiceCoach.Audio;
using VoiceCoach.Audio.Recording;
using VoiceCoach.Audio.Vad;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Grading;
using VoiceCoach.Grading;
using VoiceCoach.Practice;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Audio;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Practice;

/// <summary>
/// The practice engine with fakes at the edges (recogniser, speaker, view) and the real VAD, WAV writer, grader and
/// report: answers end where they should, commands do what they say, nothing recorded is lost.
/// </summary>
public sealed class PracticeSessionTests : IDisposable
{
    private static readonly Lazy<SileroVad> Vad = new(() => SileroVad.Load(RepoPaths.InRepo("models", ModelLocator.VadModelName)));
    private static readonly Lazy<float[]> Speech = new(() => AudioFileReader.ReadClip(RepoPaths.SharedFile("speech", "ljspeech", "LJ001-0001.wav")).Samples);
    private readonly TempDirectory _dir = new();
    private readonly FakeStreamingTranscriber _transcriber = new();
    private readonly RecordingObserver _view = new();
    private readonly RecordingSpeaker _speaker = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Run_HandsFreeRecordedAnswers_EachEndsAfterTheSilenceAndTheReportCoversAll()
    {
        var state = Plan(2);
        var runner = Runner(state, Recordings(), handsFree: true);

        var result = await runner.RunAsync(CancellationToken.None);

        Assert.True(result.Finished);
        Assert.Equal(2, result.Session!.Answers.Count);
        Assert.True(File.Exists(Path.Combine(_dir.Path, "report.md")));
        foreach (var item in state.Items)
        {
            Assert.Equal(PracticeStatus.Transcribed, item.Status);
            Assert.True(item.EndedBy == "silence", $"{item.Id} ended by {item.EndedBy} after {item.DurationS} s, speech end {item.SpeechEndS}");
            // Cut 1.5 s after the speech ended (to the 32 ms VAD window), never later.
            Assert.InRange(item.DurationS!.Value - item.SpeechEndS!.Value, 1.45, 1.6);
            Assert.InRange(item.SpeechEndS!.Value, Speech.Value.Length / 16000.0 - 0.5, Speech.Value.Length / 16000.0 + 0.1);
            var wav = AudioFileReader.ReadClip(Path.Combine(_dir.Path, item.Audio!));
            Assert.Equal(item.DurationS!.Value, wav.Duration.TotalSeconds, 2);
        }

        // Everything written to disk went to the recogniser too.
        Assert.Equal(state.Items.Select(i => (long)Math.Round(i.DurationS!.Value * 16000)), _transcriber.PushedSamples.Order());
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir.Path, "session.json")));
        Assert.True(json.RootElement.GetProperty("timings").GetProperty("feedback_latency_ms").GetDouble() > 0);
        Assert.Equal(result.FeedbackLatencyMs, json.RootElement.GetProperty("timings").GetProperty("feedback_latency_ms").GetDouble());
        Assert.Contains(FakeStreamingTranscriber.Sentence, json.RootElement.GetProperty("answers")[1].GetProperty("transcript").GetString(), StringComparison.Ordinal);
        Assert.True(Read().Finished);
    }

    [Fact]
    public async Task Run_RedoKey_KeepsTheFirstTakeAndRecordsTheAnswerAgain()
    {
        var state = Plan(1);
        var presses = 0;
        _view.OnProgress = s => presses == 0 && s.Elapsed > TimeSpan.FromSeconds(2) ? Press(ref presses, SessionCommand.Redo) : null;

        var result = await Runner(state, Recordings(), handsFree: true).RunAsync(CancellationToken.None);

        var item = state.Items[0];
        Assert.Equal(["answers/q01.take1.wav"], item.EarlierTakes);
        var take1 = AudioFileReader.ReadClip(Path.Combine(_dir.Path, "answers", "q01.take1.wav"));
        Assert.InRange(take1.Duration.TotalSeconds, 2, 3);
        Assert.True(item.DurationS > Speech.Value.Length / 16000.0, "the second take holds the whole answer");
        Assert.Single(result.Session!.Answers);
        Assert.Equal(1, _transcriber.Abandoned);
    }

    [Fact]
    public async Task Run_SkipKey_SkipsTheQuestionAndGradesTheRest()
    {
        var state = Plan(2);
        _view.OnProgress = s => s.Label == "Q1" && s.Elapsed > TimeSpan.FromSeconds(1) ? SessionCommand.Skip : null;

        var result = await Runner(state, Recordings(), handsFree: true).RunAsync(CancellationToken.None);

        Assert.Equal(PracticeStatus.Skipped, state.Items[0].Status);
        Assert.True(result.Finished);
        var answer = Assert.Single(result.Session!.Answers);
        Assert.Equal(1, answer.Answer.Index);
        Assert.Equal(state.Items[1].QuestionId, answer.Question.Id);
    }

    [Fact]
    public async Task Run_FinishKeyWithoutHandsFree_EndsTheAnswerAtTheKey()
    {
        var state = Plan(1);
        _view.OnProgress = s => s.Elapsed >= TimeSpan.FromSeconds(4) ? SessionCommand.Done : null;

        await Runner(state, Recordings(), handsFree: false).RunAsync(CancellationToken.None);

        Assert.Equal("key", state.Items[0].EndedBy);
        Assert.InRange(state.Items[0].DurationS!.Value, 4, 4.1);
    }

    [Fact]
    public async Task Run_PauseKey_DropsTheAudioWhilePaused()
    {
        var state = Plan(1);
        var presses = 0;
        _view.OnProgress = s => (presses, s.Elapsed.TotalSeconds) switch
        {
            (0, >= 1) => Press(ref presses, SessionCommand.Pause),
            (1, _) when s.Paused && _view.Statuses.Count(x => x.Paused) >= 100 => Press(ref presses, SessionCommand.Pause),
            _ => null,
        };

        await Runner(state, Recordings(), handsFree: true).RunAsync(CancellationToken.None);

        Assert.Equal(2, presses);
        // About 2 s (100 frames of 20 ms) of the answer were not recorded.
        var full = (Speech.Value.Length / 16000.0) + 1.5;
        Assert.InRange(state.Items[0].DurationS!.Value, full - 2.3, full - 1.7);
    }

    [Fact]
    public async Task Run_QuitMidAnswerThenResume_KeepsTheAnswerAndTheFinalReportCoversAll()
    {
        var state = Plan(3);
        _view.OnProgress = s => s.Label == "Q2" && s.Elapsed > TimeSpan.FromSeconds(5) ? SessionCommand.Quit : null;

        var first = await Runner(state, Recordings(), handsFree: true).RunAsync(CancellationToken.None);

        Assert.False(first.Finished);
        Assert.Equal(2, first.Session!.Answers.Count); // what was said before q is kept and graded
        Assert.Equal("quit", state.Items[1].EndedBy);
        Assert.Equal(PracticeStatus.Pending, state.Items[2].Status);
        Assert.False(Read().Finished);

        var resumed = Read();
        _view.OnProgress = _ => null;
        var second = await Runner(resumed, Recordings(), handsFree: true).RunAsync(CancellationToken.None);

        Assert.True(second.Finished);
        Assert.Equal(3, second.Session!.Answers.Count);
        Assert.Equal([1, 2, 3], second.Session.Answers.Select(a => a.Answer.Index));
        Assert.Equal(3, _transcriber.Started); // the two kept answers were not transcribed again
    }

    [Fact]
    public async Task Run_CtrlCMidAnswer_KeepsWhatWasSaidAndStillWritesTheReport()
    {
        var state = Plan(3);
        using var ctrlC = new CancellationTokenSource();
        _view.OnProgress = s =>
        {
            if (s.Label == "Q2" && s.Elapsed > TimeSpan.FromSeconds(5))
            {
                ctrlC.Cancel();
            }

            return null;
        };

        var result = await Runner(state, Recordings(), handsFree: true).RunAsync(ctrlC.Token);

        Assert.False(result.Finished);
        Assert.Equal(2, result.Session!.Answers.Count); // the answer cut by Ctrl+C is graded with the first
        Assert.True(File.Exists(Path.Combine(_dir.Path, "report.md")));
        Assert.Equal(PracticeStatus.Transcribed, state.Items[1].Status);
        Assert.Equal("quit", state.Items[1].EndedBy);
        Assert.Equal(PracticeStatus.Pending, state.Items[2].Status);
        Assert.Contains(_view.Notices, l => l.Contains("Ctrl+C", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_TakeInterruptedByACrash_RepairsAndKeepsItThenAsksAgain()
    {
        var state = Plan(2);
        state.Items[0].Status = PracticeStatus.Recording;
        state.Items[0].Audio = "answers/q01.wav";
        Directory.CreateDirectory(Path.Combine(_dir.Path, "answers"));
        using (var writer = new VoiceCoach.Audio.Wav.StreamingWavWriter(Path.Combine(_dir.Path, "answers", "q01.wav")))
        {
            writer.Write(Speech.Value.AsSpan(0, 16000 * 3));
        }

        // A crash leaves the header's sizes stale: as the writer's first header said, zero.
        using (var f = new FileStream(Path.Combine(_dir.Path, "answers", "q01.wav"), FileMode.Open))
        {
            f.Position = 40;
            f.Write(new byte[4]);
        }

        var result = await Runner(state, Recordings(), handsFree: true).RunAsync(CancellationToken.None);

        Assert.Equal(["answers/q01.take1.wav"], state.Items[0].EarlierTakes);
        Assert.Equal(3.0, AudioFileReader.ReadClip(Path.Combine(_dir.Path, "answers", "q01.take1.wav")).Duration.TotalSeconds, 2);
        Assert.Equal(2, result.Session!.Answers.Count);
        Assert.Contains(_view.Notices, l => l.Contains("interrupted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_LiveMicrophoneWithFollowUps_AsksTheFollowUpAndLinksItToItsParent()
    {
        var state = new PracticeState { Id = "t", Started = DateTimeOffset.UnixEpoch };
        var q = TestLibrary.Library.Questions.All.First(q => q.Round == "recruiter" && q.FollowUps.Count > 0);
        state.Items.Add(new PracticeItem { Id = "q01", QuestionId = q.Id, Text = q.Text });
        using var mic = new ScriptedMicrophone([Speech.Value, Speech.Value], TimeSpan.FromSeconds(3));
        _view.OnAny = e => { if (e is ListeningStarted) { mic.Next(); } };

        var result = await Runner(state, mic, handsFree: true, followUps: 1).RunAsync(CancellationToken.None);

        Assert.Equal(["q01", "q01f1"], state.Items.Select(i => i.Id));
        Assert.Equal(q.FollowUps[0], state.Items[1].Text);
        Assert.Equal(["Q1: " + q.Text, "Q1 follow-up: " + q.FollowUps[0]], _view.Of<QuestionAsked>().Select(a => $"{a.Label}: {a.Text}"));
        var followUp = result.Session!.Answers[1];
        Assert.Equal(1, followUp.Answer.FollowUpOf);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir.Path, "session.json")));
        Assert.Equal(1, json.RootElement.GetProperty("answers")[1].GetProperty("follow_up_of").GetInt32());
        Assert.Contains("### Q2: Follow-up to Q1", File.ReadAllText(Path.Combine(_dir.Path, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MicrophoneThatCannotOpen_ThrowsTheDeviceError()
    {
        var state = Plan(1);
        state.Items[0].SourceFile = null;

        var e = await Assert.ThrowsAsync<AudioDeviceException>(() => Runner(state, new BrokenMicrophone(), handsFree: true).RunAsync(CancellationToken.None));

        Assert.Contains("nosuchpcm", e.Message, StringComparison.Ordinal);
        Assert.Equal(PracticeStatus.Pending, state.Items[0].Status);
    }

    [Fact]
    public async Task Run_ResumedWithARecordedAnswersWavDeleted_AsksItAgainAndSaysSo()
    {
        var state = Plan(2);
        state.Items[0].Status = PracticeStatus.Recorded;
        state.Items[0].Audio = "answers/q01.wav";
        state.Items[0].DurationS = 9.0;

        var result = await Runner(state, Recordings(), handsFree: true).RunAsync(CancellationToken.None);

        Assert.Contains(_view.Notices, l => l.Contains("answers/q01.wav", StringComparison.Ordinal) && l.Contains("missing", StringComparison.Ordinal));
        Assert.Equal(2, result.Session!.Answers.Count);
        Assert.Equal(state.Items[0].QuestionId, result.Session.Answers[0].Question.Id);
    }

    [Fact]
    public async Task Run_ResumedWithATruncatedAnswerWav_KeepsItAsATakeAsksAgainAndSaysSo()
    {
        var state = Plan(1);
        state.Items[0].Status = PracticeStatus.Recorded;
        state.Items[0].Audio = "answers/q01.wav";
        state.Items[0].DurationS = 9.0;
        Directory.CreateDirectory(Path.Combine(_dir.Path, "answers"));
        using (var writer = new VoiceCoach.Audio.Wav.StreamingWavWriter(Path.Combine(_dir.Path, "answers", "q01.wav")))
        {
            writer.Write(Speech.Value.AsSpan(0, 16000 * 9));
        }

        using (var f = new FileStream(Path.Combine(_dir.Path, "answers", "q01.wav"), FileMode.Open))
        {
            f.SetLength(44 + (16000 * 2)); // a copy or a disk that lost all but the first second
        }

        var result = await Runner(state, Recordings(), handsFree: true).RunAsync(CancellationToken.None);

        Assert.Contains(_view.Notices, l => l.Contains("answers/q01.wav", StringComparison.Ordinal) && l.Contains("truncated", StringComparison.Ordinal));
        Assert.Equal(["answers/q01.take1.wav"], state.Items[0].EarlierTakes);
        Assert.True(state.Items[0].DurationS > 9, "the question was answered again in full");
        Assert.Single(result.Session!.Answers);
    }

    [Fact]
    public async Task Run_ResumedWithATranscribedAnswersWavDeleted_GradesTheStoredTranscriptAndTheReportSaysSo()
    {
        var state = Plan(2);
        var first = await Runner(state, Recordings(), handsFree: true).RunAsync(CancellationToken.None);
        Assert.Equal(2, first.Session!.Answers.Count);
        File.Delete(Path.Combine(_dir.Path, "answers", "q01.wav"));
        var resumed = Read();
        resumed.Finished = false;

        var result = await Runner(resumed, Recordings(), handsFree: true).RunAsync(CancellationToken.None);

        Assert.Equal(2, result.Session!.Answers.Count);
        Assert.Equal([1, 2], result.Session.Answers.Select(a => a.Answer.Index));
        Assert.Null(result.Session.Answers[0].Answer.AudioPath);
        Assert.Contains(FakeStreamingTranscriber.Sentence, result.Session.Answers[0].Answer.Transcript.Text, StringComparison.Ordinal);
        var report = File.ReadAllText(Path.Combine(_dir.Path, "report.md"));
        Assert.Contains("Q1: its recording answers/q01.wav is missing; graded from the transcript saved when it was recorded", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_HandsFreeSilentMicrophoneWithoutKeyboard_EachQuestionEndsAsNoAnswerUntranscribedAndTheSessionEnds()
    {
        var state = LivePlan(2);
        using var mic = new ScriptedMicrophone([[], []], TimeSpan.FromSeconds(20));
        _view.OnAny = e => NextOnListening(e, mic);
        var options = new PracticeOptions { CountdownStep = TimeSpan.Zero, Interactive = false };

        var result = await Runner(state, mic, handsFree: true, options: options).RunAsync(CancellationToken.None);

        Assert.True(result.Finished);
        Assert.All(state.Items, item =>
        {
            Assert.Equal("no-speech", item.EndedBy);
            Assert.Equal(8.0, item.DurationS!.Value, 1);
            Assert.False(item.Voice!.HasSpeech);
        });
        Assert.All(_view.Of<NoSpeechHeard>(), e => Assert.True(e.MovingOn));
        Assert.Equal(2, _view.Of<NoSpeechHeard>().Count);
        Assert.Empty(_transcriber.PushedSamples); // never sent through the recogniser
        Assert.Equal(2, _transcriber.Abandoned);
        Assert.All(result.Session!.Answers, a => Assert.Empty(a.Answer.Transcript.Words));
        Assert.All(_view.Of<AnswerGraded>(), g => Assert.True(g.NoAnswer));
    }

    [Fact]
    public async Task Run_HandsFreeSilenceWithAKeyboard_SaysSoOffersToAskAgainThenMovesOnAfterASecondWait()
    {
        var state = LivePlan(1);
        using var mic = new ScriptedMicrophone([[]], TimeSpan.FromSeconds(30));
        _view.OnAny = e => NextOnListening(e, mic);

        await Runner(state, mic, handsFree: true).RunAsync(CancellationToken.None);

        var said = Assert.Single(_view.Of<NoSpeechHeard>());
        Assert.False(said.MovingOn);
        Assert.Equal(8.0, said.Waited.TotalSeconds, 1);
        Assert.Equal("no-speech", state.Items[0].EndedBy);
        Assert.Equal(16.0, state.Items[0].DurationS!.Value, 1);
        Assert.Contains(_view.Statuses, s => s.WaitingForSpeech);
    }

    [Fact]
    public async Task Run_AskAgainAfterNoSpeech_SpeaksTheQuestionAgainAndRecordsTheAnswer()
    {
        var state = LivePlan(1);
        using var mic = new ScriptedMicrophone([[], Speech.Value], TimeSpan.FromSeconds(10));
        _view.OnAny = e =>
        {
            NextOnListening(e, mic);
            if (e is NoSpeechHeard)
            {
                _view.Session!.Send(SessionCommand.Repeat);
            }
        };

        var result = await Runner(state, mic, handsFree: true).RunAsync(CancellationToken.None);

        Assert.Equal([state.Items[0].Text, state.Items[0].Text], _speaker.Said);
        Assert.Equal(2, _view.Of<QuestionAsked>().Count);
        Assert.Equal("silence", state.Items[0].EndedBy);
        Assert.Empty(state.Items[0].EarlierTakes); // a take with nothing said is not kept
        Assert.Contains(FakeStreamingTranscriber.Sentence, Assert.Single(result.Session!.Answers).Answer.Transcript.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AnswerPastTheTooLongPoint_TheInterviewerCutsInSaysSoAndEndsTheAnswer()
    {
        var state = LivePlan(1);
        var rubric = TestLibrary.Library.Rubric with { TooLongRatio = 0.1 };
        using var mic = new ScriptedMicrophone([Speech.Value], TimeSpan.FromSeconds(3));
        _view.OnAny = e => NextOnListening(e, mic);

        var result = await Runner(state, mic, handsFree: true, rubric: rubric).RunAsync(CancellationToken.None);

        var asked = Assert.Single(_view.Of<QuestionAsked>());
        Assert.Equal(rubric.TooLongAfterSeconds(asked.Target), asked.TooLongAfter);
        Assert.All(_view.Statuses, s => Assert.Equal(asked.TooLongAfter, s.TooLongAfter)); // the timer's red zone
        var cut = Assert.Single(_view.Of<InterviewerCutIn>());
        Assert.Equal("Let me stop you there…", cut.Line);
        Assert.Equal("Let me stop you there…", _speaker.Said[^1]);
        Assert.Equal("cut-in", state.Items[0].EndedBy);
        var onset = _view.Of<SpeechStarted>()[0].At.TotalSeconds;
        Assert.InRange(state.Items[0].DurationS!.Value - onset, asked.TooLongAfter, asked.TooLongAfter + 0.1);
        Assert.Single(result.Session!.Answers);
    }

    [Fact]
    public async Task Run_CutInOff_LetsTheAnswerRunPastTheTooLongPoint()
    {
        var state = LivePlan(1);
        var rubric = TestLibrary.Library.Rubric with { TooLongRatio = 0.1 };
        using var mic = new ScriptedMicrophone([Speech.Value], TimeSpan.FromSeconds(3));
        _view.OnAny = e => NextOnListening(e, mic);
        var options = new PracticeOptions { CountdownStep = TimeSpan.Zero, CutIn = false };

        await Runner(state, mic, handsFree: true, rubric: rubric, options: options).RunAsync(CancellationToken.None);

        Assert.Empty(_view.Of<InterviewerCutIn>());
        Assert.Equal("silence", state.Items[0].EndedBy);
        Assert.True(state.Items[0].DurationS > Speech.Value.Length / 16000.0);
    }

    [Fact]
    public async Task Run_Countdown_TicksOnTheSessionsClock()
    {
        var state = LivePlan(1);
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var mic = new ScriptedMicrophone([Speech.Value], TimeSpan.FromSeconds(1));
        _view.OnAny = e => NextOnListening(e, mic);
        _view.OnProgress = s => s.Elapsed >= TimeSpan.FromSeconds(2) ? SessionCommand.Done : null;
        var options = new PracticeOptions { CountdownStep = TimeSpan.FromSeconds(1) };

        var run = Runner(state, mic, handsFree: false, options: options, time: time).RunAsync(CancellationToken.None);
        await WaitUntilAsync(() => _view.Of<CountdownTick>().Count == 1);
        await Task.Delay(100);
        var beforeTheClockMoves = _view.Of<CountdownTick>().Count;
        for (var tick = 2; tick <= 4; tick++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            var expected = tick;
            await WaitUntilAsync(() => _view.Of<CountdownTick>().Count == expected);
        }

        await run.WaitAsync(HangGuard.Limit);

        Assert.Equal(1, beforeTheClockMoves);
        Assert.Equal([3, 2, 1, 0], _view.Of<CountdownTick>().Select(t => t.Remaining));
        Assert.Equal("key", state.Items[0].EndedBy);
    }

    [Fact]
    public async Task Run_MicrophoneThatSendsNothing_FailsAtTheFirstAudioTimeoutOnTheSessionsClock()
    {
        var state = LivePlan(1);
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = new PracticeOptions { CountdownStep = TimeSpan.Zero, FirstAudioTimeout = TimeSpan.FromSeconds(3) };

        var run = Runner(state, new MuteMicrophone(), handsFree: true, options: options, time: time).RunAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(3));
        var e = await Assert.ThrowsAsync<AudioDeviceException>(() => run);

        Assert.Contains("no audio from the microphone within 3 s", e.Message, StringComparison.Ordinal);
    }

    private static SessionCommand? Press(ref int presses, SessionCommand key)
    {
        presses++;
        return key;
    }

    private PracticeState Plan(int count)
    {
        var state = new PracticeState { Id = "test-session", Started = DateTimeOffset.UnixEpoch };
        foreach (var q in TestLibrary.Library.Questions.InRound("recruiter").Take(count))
        {
            state.Items.Add(new PracticeItem { Id = $"q{state.Items.Count + 1:00}", QuestionId = q.Id, Text = q.Text, SourceFile = "speech.wav" });
        }

        return state;
    }

    /// <summary>Bank questions answered live (no recordings to play).</summary>
    private static PracticeState LivePlan(int count)
    {
        var state = new PracticeState { Id = "test-session", Started = DateTimeOffset.UnixEpoch };
        foreach (var q in TestLibrary.Library.Questions.InRound("recruiter").Take(count))
        {
            state.Items.Add(new PracticeItem { Id = $"q{state.Items.Count + 1:00}", QuestionId = q.Id, Text = q.Text });
        }

        return state;
    }

    private static void NextOnListening(PracticeEvent e, ScriptedMicrophone mic)
    {
        if (e is ListeningStarted)
        {
            mic.Next();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        Assert.True(await HangGuard.UntilAsync(condition), $"the session did not get there within {HangGuard.Limit.TotalMinutes:0} min");
    }

    private PracticeState Read()
    {
        using var stream = File.OpenRead(Path.Combine(_dir.Path, PracticeState.FileName));
        return PracticeState.Read(stream, "practice.json");
    }

    private static RecordedAnswerSource Recordings() =>
        new((_, _) => Task.FromResult(new AudioClip(Speech.Value, "speech.wav")), realTime: false, TimeSpan.FromSeconds(2));

    private PracticeSession Runner(PracticeState state, IAudioSource source, bool handsFree, int followUps = 0, RubricSettings? rubric = null, PracticeOptions? options = null, TimeProvider? time = null)
    {
        var library = TestLibrary.Library;
        var pack = library.Company("netflix");
        rubric ??= library.Rubric;
        var grader = new RubricGrader(rubric, pack, TestGrading.Semantic(library));
        var session = new PracticeSession(new PracticeContext
        {
            State = state,
            Directory = _dir.Path,
            Catalog = library.Questions,
            Rubric = rubric,
            Company = pack,
            Grader = grader,
            RubricGrader = grader,
            Semantic = TestGrading.Semantic(library),
            SessionGrader = new SessionGrader(grader, rubric, pack, new FixedTimeProvider(DateTimeOffset.UnixEpoch)),
            Source = source,
            Speaker = _speaker,
            Transcriber = _transcriber,
            Vad = Vad.Value,
            Observer = _view,
            Time = time ?? TimeProvider.System,
            Options = (options ?? new PracticeOptions { CountdownStep = TimeSpan.Zero, FirstAudioTimeout = TimeSpan.FromSeconds(10) }) with { HandsFree = handsFree, FollowUps = followUps },
            Logger = NullLogger.Instance,
        });
        _view.Session = session;
        return session;
    }

    /// <summary>A microphone that opens and never delivers a frame.</summary>
    private sealed class MuteMicrophone : IAudioSource
    {
        public string Name => "mute";

        public AudioLevel Level => AudioLevel.Silent;

        public async IAsyncEnumerable<AudioFrame> CaptureAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }
    }

    private sealed class BrokenMicrophone : IAudioSource
    {
        public string Name => "nosuchpcm";

        public AudioLevel Level => AudioLevel.Silent;

        public async IAsyncEnumerable<AudioFrame> CaptureAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            throw new AudioDeviceException("nosuchpcm", "cannot open for capture (No such device)", "`voicecoach devices` lists the devices");
#pragma warning disable CS0162 // an iterator needs a yield
            yield break;
#pragma warning restore CS0162
        }
    }
}
