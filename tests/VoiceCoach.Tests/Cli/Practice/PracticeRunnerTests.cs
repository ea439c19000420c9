using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceCoach.Audio;
using VoiceCoach.Audio.Recording;
using VoiceCoach.Audio.Speech;
using VoiceCoach.Audio.Vad;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Cli.Practice;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Practice;
using VoiceCoach.Grading;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Audio;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Cli.Practice;

/// <summary>
/// The practice session state machine with fakes at the edges (recogniser, keys, screen) and the real VAD, WAV
/// writer, grader and report: answers end where they should, keys do what they say, nothing recorded is lost.
/// </summary>
public sealed class PracticeRunnerTests : IDisposable
{
    private static readonly Lazy<SileroVad> Vad = new(() => SileroVad.Load(RepoPaths.InRepo("models", ModelLocator.VadModelName)));
    private static readonly Lazy<float[]> Speech = new(() => AudioFileReader.ReadClip(RepoPaths.SharedFile("speech", "ljspeech", "LJ001-0001.wav")).Samples);
    private readonly TempDirectory _dir = new();
    private readonly FakeKeys _keys = new();
    private readonly FakeStreamingTranscriber _transcriber = new();
    private readonly FakeView _view;

    public PracticeRunnerTests()
    {
        _view = new FakeView(_keys);
    }

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
            Assert.Equal("silence", item.EndedBy);
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
        _view.OnStatus = s => presses == 0 && s.Elapsed > TimeSpan.FromSeconds(2) ? Press(ref presses, PracticeKey.Redo) : null;

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
        _view.OnStatus = s => s.Label == "Q1" && s.Elapsed > TimeSpan.FromSeconds(1) ? PracticeKey.Skip : null;

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
        _view.OnStatus = s => s.Elapsed >= TimeSpan.FromSeconds(4) ? PracticeKey.Finish : null;

        await Runner(state, Recordings(), handsFree: false).RunAsync(CancellationToken.None);

        Assert.Equal("key", state.Items[0].EndedBy);
        Assert.InRange(state.Items[0].DurationS!.Value, 4, 4.1);
    }

    [Fact]
    public async Task Run_PauseKey_DropsTheAudioWhilePaused()
    {
        var state = Plan(1);
        var presses = 0;
        _view.OnStatus = s => (presses, s.Elapsed.TotalSeconds) switch
        {
            (0, >= 1) => Press(ref presses, PracticeKey.Pause),
            (1, _) when s.Paused && _view.Statuses.Count(x => x.Paused) >= 100 => Press(ref presses, PracticeKey.Pause),
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
        _view.OnStatus = s => s.Label == "Q2" && s.Elapsed > TimeSpan.FromSeconds(5) ? PracticeKey.Quit : null;

        var first = await Runner(state, Recordings(), handsFree: true).RunAsync(CancellationToken.None);

        Assert.False(first.Finished);
        Assert.Equal(2, first.Session!.Answers.Count); // what was said before q is kept and graded
        Assert.Equal("quit", state.Items[1].EndedBy);
        Assert.Equal(PracticeStatus.Pending, state.Items[2].Status);
        Assert.False(Read().Finished);

        var resumed = Read();
        _view.OnStatus = _ => null;
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
        _view.OnStatus = s =>
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
        Assert.Contains(_view.Lines, l => l.Contains("Ctrl+C", StringComparison.Ordinal));
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
        Assert.Contains(_view.Lines, l => l.Contains("interrupted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_LiveMicrophoneWithFollowUps_AsksTheFollowUpAndLinksItToItsParent()
    {
        var state = new PracticeState { Id = "t", Started = DateTimeOffset.UnixEpoch };
        var q = TestLibrary.Library.Questions.All.First(q => q.Round == "recruiter" && q.FollowUps.Count > 0);
        state.Items.Add(new PracticeItem { Id = "q01", QuestionId = q.Id, Text = q.Text });
        using var mic = new ScriptedMicrophone([Speech.Value, Speech.Value], TimeSpan.FromSeconds(3));
        _view.OnRecording = mic.Next;

        var result = await Runner(state, mic, handsFree: true, followUps: 1).RunAsync(CancellationToken.None);

        Assert.Equal(["q01", "q01f1"], state.Items.Select(i => i.Id));
        Assert.Equal(q.FollowUps[0], state.Items[1].Text);
        Assert.Equal(["Q1: " + q.Text, "Q1 follow-up: " + q.FollowUps[0]], _view.Questions);
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

    private static PracticeKey? Press(ref int presses, PracticeKey key)
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

    private PracticeState Read()
    {
        using var stream = File.OpenRead(Path.Combine(_dir.Path, PracticeState.FileName));
        return PracticeState.Read(stream, "practice.json");
    }

    private static RecordedAnswerSource Recordings() =>
        new((_, _) => Task.FromResult(new AudioClip(Speech.Value, "speech.wav")), realTime: false, TimeSpan.FromSeconds(2));

    private PracticeRunner Runner(PracticeState state, IAudioSource source, bool handsFree, int followUps = 0)
    {
        var library = TestLibrary.Library;
        var pack = library.Company("netflix");
        var grader = new RubricGrader(library.Rubric, pack);
        return new PracticeRunner(new PracticeContext
        {
            State = state,
            Directory = _dir.Path,
            Catalog = library.Questions,
            Rubric = library.Rubric,
            Company = pack,
            Grader = grader,
            SessionGrader = new SessionGrader(grader, library.Rubric, pack, new FixedTimeProvider(DateTimeOffset.UnixEpoch)),
            Source = source,
            Speaker = SilentSpeaker.Instance,
            Transcriber = _transcriber,
            Vad = Vad.Value,
            Keys = _keys,
            View = _view,
            Time = TimeProvider.System,
            Options = new PracticeRunOptions { HandsFree = handsFree, FollowUps = followUps, CountdownStep = TimeSpan.Zero, FirstAudioTimeout = TimeSpan.FromSeconds(10) },
            Logger = NullLogger.Instance,
        });
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
