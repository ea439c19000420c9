using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using VoiceCoach.Audio;
using VoiceCoach.Audio.Devices.Alsa;
using VoiceCoach.Testing;
using Xunit.Abstractions;

namespace VoiceCoach.IntegrationTests.Cli;

/// <summary>
/// `voicecoach practice --hands-free --no-speak` as a candidate uses it: typed into a shell in tmux, hearing three
/// festival-spoken answers separated by 3 s silences from the ALSA virtual microphone in real time, with real VAD,
/// PocketSphinx and grading. Asserts where each answer was cut, that each was graded and reported, and that a
/// session killed with -9 mid-answer resumes into a report covering every answer.
/// </summary>
public sealed class PracticeSessionTests : IDisposable
{
    private const double Silence = 1.0;
    private const double Lead = 1.0;
    private const double Gap = 3.0;

    private static readonly string[] Answers =
    [
        "In my last role I led the migration of our training pipeline to Kubernetes. I cut the cost by thirty percent in three months.",
        "I want to join Netflix because the Eyeline research team builds tools for artists, and I love working with creators.",
        "When the launch data was unclear, I chose to ship a small test first. The result was a clean rollout with no incidents.",
    ];

    private readonly ITestOutputHelper _output;
    private readonly VirtualMicrophone _mic = new();
    private readonly string _work = Directory.CreateTempSubdirectory("vc-practice-").FullName;
    private readonly List<float[]> _clips = [];

    public PracticeSessionTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose()
    {
        _mic.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [PracticeFact]
    public async Task Practice_HandsFreeFromVirtualMicrophoneInTmux_CutsGradesAndReportsEveryAnswer()
    {
        var (stream, starts) = Script(0);
        _mic.Play(stream);
        using var tmux = new TmuxSession();
        var outDir = Path.Combine(_work, "session");

        tmux.Type($"cd {_work} && {Command(outDir, "--questions", string.Join(',', QuestionIds()))}");
        var live = await WaitForAsync(tmux, s => s.Contains("● recording", StringComparison.Ordinal) && s.Contains("target 0:", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        _output.WriteLine(live);
        var screen = await WaitForAsync(tmux, s => s.Contains("Report:", StringComparison.Ordinal), TimeSpan.FromSeconds(150));
        _output.WriteLine(screen);

        Assert.Contains("Feedback ready", screen, StringComparison.Ordinal);
        using var practice = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "practice.json")));
        var items = practice.RootElement.GetProperty("items");
        Assert.Equal(3, items.GetArrayLength());
        for (var i = 0; i < 3; i++)
        {
            AssertCut(items[i], starts[i] + VirtualMicrophone.SpeechEnd(_clips[i]) + Silence, i);
        }

        AssertReport(outDir, 3);
        using var session = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "session.json")));
        _output.WriteLine("feedback_latency_ms " + session.RootElement.GetProperty("timings").GetProperty("feedback_latency_ms").GetDouble().ToString(CultureInfo.InvariantCulture));
    }

    [PracticeFact]
    public async Task Practice_KilledMidAnswerThenResumed_KeepsThePartialTakeAndReportsEveryAnswer()
    {
        var (stream, _) = Script(0);
        _mic.Play(stream);
        using var tmux = new TmuxSession();
        var outDir = Path.Combine(_work, "session");
        var pidFile = Path.Combine(_work, "pid");

        tmux.Type($"cd {_work} && bash -c 'echo $$ > {pidFile}; exec {Command(outDir, "--questions", string.Join(',', QuestionIds()))}'");
        var q2 = Path.Combine(outDir, "answers", "q02.wav");
        await WaitForAsync(tmux, _ => File.Exists(q2) && new FileInfo(q2).Length > 44 + (3 * 32000), TimeSpan.FromSeconds(90));
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        Process.GetProcessById(pid).Kill(); // SIGKILL: no chance to tidy up
        await WaitForAsync(tmux, _ => !Exists(pid), TimeSpan.FromSeconds(60));
        using (var crashed = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "practice.json"))))
        {
            Assert.Equal("recording", crashed.RootElement.GetProperty("items")[1].GetProperty("status").GetString());
        }

        // The candidate answers the interrupted question again, then the last one.
        var (rest, starts) = Script(1);
        _mic.Play(rest);
        tmux.Type("clear");
        tmux.Type($"cd {_work} && {Command(null, "--resume", outDir)}");
        var screen = await WaitForAsync(tmux, s => s.Contains("Report:", StringComparison.Ordinal), TimeSpan.FromSeconds(120));
        _output.WriteLine(screen);

        Assert.Contains("interrupted", screen, StringComparison.Ordinal);
        using var practice = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "practice.json")));
        var items = practice.RootElement.GetProperty("items");
        Assert.True(practice.RootElement.GetProperty("finished").GetBoolean());
        var takes = items[1].GetProperty("earlier_takes");
        Assert.Equal("answers/q02.take1.wav", takes[0].GetString());
        Assert.InRange(AudioFileReader.ReadClip(Path.Combine(outDir, "answers", "q02.take1.wav")).Duration.TotalSeconds, 3, 12);
        AssertCut(items[1], starts[0] + VirtualMicrophone.SpeechEnd(_clips[1]) + Silence, 1);
        AssertCut(items[2], starts[1] + VirtualMicrophone.SpeechEnd(_clips[2]) + Silence, 2);
        AssertReport(outDir, 3);
    }

    [PracticeFact]
    public async Task Practice_HandsFreeWithASilentMicrophone_EndsByItselfWithNoAnswerForEachQuestion()
    {
        _mic.Play(new float[16000]); // then silence, for as long as the session listens
        using var tmux = new TmuxSession();
        var outDir = Path.Combine(_work, "session");

        tmux.Type($"cd {_work} && {Command(outDir, "--questions", string.Join(',', QuestionIds().Take(2)), "--wait-for-speech", "2")}");
        var screen = await WaitForAsync(tmux, s => s.Contains("Report:", StringComparison.Ordinal), TimeSpan.FromSeconds(150));
        _output.WriteLine(screen);

        Assert.Contains("didn't hear", screen, StringComparison.Ordinal);
        using var practice = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "practice.json")));
        Assert.True(practice.RootElement.GetProperty("finished").GetBoolean());
        foreach (var item in practice.RootElement.GetProperty("items").EnumerateArray())
        {
            Assert.Equal("no-speech", item.GetProperty("ended_by").GetString());
            Assert.False(item.GetProperty("voice").GetProperty("has_speech").GetBoolean());
        }

        using var session = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "session.json")));
        Assert.Equal(2, session.RootElement.GetProperty("answers").GetArrayLength());
        Assert.All(session.RootElement.GetProperty("answers").EnumerateArray(), a => Assert.Equal(string.Empty, a.GetProperty("transcript").GetString()));
    }

    [PracticeFact]
    public void Practice_NoSuchMicrophone_SaysSoInOneLineAndExits1()
    {
        var info = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _work };
        foreach (var a in new[] { CliDll(), "practice", "--device", "nosuchpcm", "--no-speak", "--backend", "Alsa", "--prompts", RepoPaths.InRepo("prompts") })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["ALSA_CONFIG_PATH"] = _mic.ConfigPath;
        info.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(1, process.ExitCode);
        // One message (Spectre wraps it at the redirected console's 80 columns).
        var line = stdout.ReplaceLineEndings(" ");
        Assert.StartsWith("No microphone (", line, StringComparison.Ordinal);
        Assert.Contains("nosuchpcm", line, StringComparison.Ordinal);
        Assert.Contains("--device NAME", line, StringComparison.Ordinal);
        Assert.Contains("--from", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work, "sessions")) && Directory.GetDirectories(Path.Combine(_work, "sessions")).Length > 0, "no empty session left behind");
        GC.KeepAlive(typeof(AlsaBackend));
    }

    private static IEnumerable<string> QuestionIds() =>
        VoiceCoach.Core.Prompts.PromptLibrary.Load(RepoPaths.InRepo("prompts")).Questions.InRound("recruiter").Take(3).Select(q => q.Id);

    /// <summary>The microphone's audio from answer <paramref name="first"/> on: lead silence, answers with gaps; and where each answer starts.</summary>
    private (float[] Stream, List<double> Starts) Script(int first)
    {
        while (_clips.Count < Answers.Length)
        {
            _clips.Add(_mic.Speak(Answers[_clips.Count], "a" + _clips.Count.ToString(CultureInfo.InvariantCulture)));
        }

        var samples = new List<float>(new float[(int)(Lead * 16000)]);
        var starts = new List<double>();
        for (var i = first; i < _clips.Count; i++)
        {
            starts.Add(samples.Count / 16000.0);
            samples.AddRange(_clips[i]);
            samples.AddRange(new float[(int)(Gap * 16000)]);
        }

        return (samples.ToArray(), starts);
    }

    private void AssertCut(JsonElement item, double expected, int index)
    {
        var cut = item.GetProperty("stream_start_s").GetDouble() + item.GetProperty("duration_s").GetDouble();
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"answer {index + 1}: cut at {cut:F2} s of the microphone stream, expected {expected:F2} s"));
        Assert.Equal("silence", item.GetProperty("ended_by").GetString());
        Assert.InRange(cut, expected - 0.5, expected + 0.5);
        Assert.Equal("transcribed", item.GetProperty("status").GetString());
    }

    private static void AssertReport(string outDir, int answers)
    {
        using var session = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "session.json")));
        var list = session.RootElement.GetProperty("answers");
        Assert.Equal(answers, list.GetArrayLength());
        foreach (var a in list.EnumerateArray())
        {
            Assert.Matches("^[A-F][+-]?$", a.GetProperty("grade").GetString());
            Assert.StartsWith("pocketsphinx", a.GetProperty("engine").GetString(), StringComparison.Ordinal);
            Assert.NotEmpty(a.GetProperty("transcript").GetString()!);
        }

        Assert.True(session.RootElement.GetProperty("timings").GetProperty("feedback_latency_ms").GetDouble() > 0);
        var report = File.ReadAllText(Path.Combine(outDir, "report.md"));
        for (var i = 1; i <= answers; i++)
        {
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"### Q{i}:"), report, StringComparison.Ordinal);
        }

        Assert.Contains("Feedback ready", report, StringComparison.Ordinal);
    }

    private string Command(string? outDir, params string[] extra)
    {
        var args = new List<string> { $"ALSA_CONFIG_PATH={_mic.ConfigPath}", DotnetHost(), CliDll(), "practice", "--device", "vmic", "--backend", "Alsa", "--hands-free", "--no-speak", "--silence", Silence.ToString(CultureInfo.InvariantCulture), "--no-follow-ups", "--prompts", RepoPaths.InRepo("prompts") };
        if (outDir is not null)
        {
            args.AddRange(["--out", outDir]);
        }

        args.AddRange(extra);
        return "env " + string.Join(' ', args);
    }

    private static string CliDll() => CliBuild.Dll();

    private static string DotnetHost() => CliBuild.DotnetHost();

    private static bool Exists(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<string> WaitForAsync(TmuxSession tmux, Func<string, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var screen = tmux.Screen();
            if (done(screen))
            {
                return screen;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException("the session did not get there; screen:\n" + screen);
            }

            await Task.Delay(250);
        }
    }
}
