using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VoiceCoach.Audio;
using VoiceCoach.Audio.Wav;
using VoiceCoach.IntegrationTests.Cli;
using VoiceCoach.Testing;
using Xunit.Abstractions;

namespace VoiceCoach.IntegrationTests.Web;

/// <summary>
/// `voicecoach serve --no-open` and a real browser: Debian's Chromium driven by Playwright (its bundled driver, no
/// browser download), with a fake microphone that plays a festival-spoken answer in a loop. The page practises two
/// questions hands-free through getUserMedia, the AudioWorklet and the WebSocket into the real engine (Silero VAD,
/// PocketSphinx, the rubric), and the test checks that the timer moved, the report appeared with one grade per answer,
/// and that the page measured and recorded when the report arrived after the last answer.
/// </summary>
public sealed partial class BrowserPracticeTests : IDisposable
{
    private const string Answer = "In my last role I led the migration of our training pipeline to a new cluster, and I cut the cost by thirty percent in three months.";
    private readonly ITestOutputHelper _output;
    private readonly string _work = Directory.CreateTempSubdirectory("vc-browser-").FullName;

    public BrowserPracticeTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold its profile for a moment.
        }
    }

    [ChromiumFact]
    public async Task Serve_TwoQuestionsHandsFreeInChromium_TimerMovesAndTheReportShowsEveryGrade()
    {
        var answerWav = SpokenAnswer();
        using var server = ServeProcess.Start(_work, _output);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.Options(answerWav));
        var page = await browser.NewPageAsync();
        page.Console += (_, m) => _output.WriteLine($"[page] {m.Text}");

        await page.GotoAsync(server.Link.ToString());
        await Assertions.Expect(page.GetByTestId("company").Locator("option")).Not.ToHaveCountAsync(0);
        await page.GetByTestId("count").FillAsync("2");
        await page.GetByTestId("follow-ups").FillAsync("0");
        await page.GetByTestId("hands-free").CheckAsync();
        await Shoot(page, "1-setup");
        await page.GetByTestId("start").ClickAsync();

        await Assertions.Expect(page.GetByTestId("question")).Not.ToBeEmptyAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("timer")).Not.ToHaveTextAsync("0:00", new() { Timeout = 90_000 });
        await Shoot(page, "2-answering");
        await Assertions.Expect(page.GetByTestId("grade")).ToHaveCountAsync(2, new() { Timeout = 240_000 });
        await Shoot(page, "3-report");

        var grades = await page.GetByTestId("grade").AllTextContentsAsync();
        Assert.All(grades, g => Assert.Matches(GradeText(), g));
        var report = page.FrameLocator("[data-testid=report]");
        await Assertions.Expect(report.Locator("audio").First).ToBeAttachedAsync();
        var latencyText = await page.GetByTestId("latency").TextContentAsync();
        _output.WriteLine(latencyText);
        var session = Directory.GetDirectories(Path.Combine(_work, "sessions")).Single();
        var json = await WaitForPageLatencyAsync(Path.Combine(session, "session.json"));
        Assert.Equal(2, json.RootElement.GetProperty("answers").GetArrayLength());
        var timings = json.RootElement.GetProperty("timings");
        var pageMs = timings.GetProperty("page_latency_ms").GetDouble();
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"feedback_latency_ms {timings.GetProperty("feedback_latency_ms").GetDouble()} page_latency_ms {pageMs}"));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"in this page {pageMs:0} ms after your last answer ended"), latencyText, StringComparison.Ordinal);
        Assert.Contains("Report in the browser's page", await File.ReadAllTextAsync(Path.Combine(session, "report.md")), StringComparison.Ordinal);
        foreach (var answer in json.RootElement.GetProperty("answers").EnumerateArray())
        {
            Assert.StartsWith("pocketsphinx", answer.GetProperty("engine").GetString(), StringComparison.Ordinal);
            Assert.NotEmpty(answer.GetProperty("transcript").GetString()!);
        }
    }

    [ChromiumFact]
    public async Task Serve_HandsFreeWithASilentMicrophoneInChromium_EndsByItselfWithNoAnswerForEachQuestion()
    {
        var silence = Path.Combine(_work, "silence.wav");
        WavWriter.WriteFile(silence, new VoiceCoach.Core.Audio.AudioClip(new float[3 * 16000]));
        using var server = ServeProcess.Start(_work, _output);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.Options(silence));
        var page = await browser.NewPageAsync();

        await page.GotoAsync(server.Link.ToString());
        await Assertions.Expect(page.GetByTestId("company").Locator("option")).Not.ToHaveCountAsync(0);
        await page.GetByTestId("count").FillAsync("2");
        await page.GetByTestId("follow-ups").FillAsync("0");
        await page.GetByTestId("wait-for-speech").FillAsync("2");
        await page.GetByTestId("hands-free").CheckAsync();
        await page.GetByTestId("start").ClickAsync();

        await Assertions.Expect(page.GetByText("I didn't hear anything", new() { Exact = false }).First).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Shoot(page, "4-no-speech");
        await Assertions.Expect(page.GetByTestId("grade")).ToHaveCountAsync(2, new() { Timeout = 180_000 });

        var session = Directory.GetDirectories(Path.Combine(_work, "sessions")).Single();
        using var practice = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(session, "practice.json")));
        Assert.True(practice.RootElement.GetProperty("finished").GetBoolean());
        Assert.All(practice.RootElement.GetProperty("items").EnumerateArray(), i => Assert.Equal("no-speech", i.GetProperty("ended_by").GetString()));
    }

    [ChromiumFact]
    public async Task Serve_AnswerPastTheTooLongPointInChromium_InterviewerCutsInAndEndsTheAnswer()
    {
        // Targets of 6-10 s (too long past 12.5 s) so the cut-in comes after seconds, not after the real 75 s.
        var prompts = RepoPaths.CopyPrompts(Path.Combine(_work, "prompts"));
        var rubric = Path.Combine(prompts, "rubric.yaml");
        await File.WriteAllTextAsync(rubric, TargetRange().Replace(await File.ReadAllTextAsync(rubric), "$1[6, 10]"));
        foreach (var bank in Directory.EnumerateFiles(Path.Combine(prompts, "questions"), "*.yaml"))
        {
            await File.WriteAllTextAsync(bank, QuestionTarget().Replace(await File.ReadAllTextAsync(bank), "$1[6, 10]"));
        }

        using var server = ServeProcess.Start(_work, _output, prompts);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.Options(LongAnswer()));
        var page = await browser.NewPageAsync();

        await page.GotoAsync(server.Link.ToString());
        await Assertions.Expect(page.GetByTestId("company").Locator("option")).Not.ToHaveCountAsync(0);
        await page.GetByTestId("count").FillAsync("1");
        await page.GetByTestId("follow-ups").FillAsync("0");
        await page.GetByTestId("hands-free").CheckAsync();
        await Assertions.Expect(page.GetByTestId("cut-in")).ToBeCheckedAsync();
        await page.GetByTestId("start").ClickAsync();

        await Assertions.Expect(page.GetByText("Interviewer: Let me stop you there", new() { Exact = false })).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await Shoot(page, "6-cut-in");
        await Assertions.Expect(page.GetByTestId("grade")).ToHaveCountAsync(1, new() { Timeout = 180_000 });

        var session = Directory.GetDirectories(Path.Combine(_work, "sessions")).Single();
        using var practice = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(session, "practice.json")));
        var item = Assert.Single(practice.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("cut-in", item.GetProperty("ended_by").GetString());
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(session, "session.json")));
        var answer = Assert.Single(json.RootElement.GetProperty("answers").EnumerateArray());
        var seconds = answer.GetProperty("duration_s").GetDouble();
        Assert.InRange(seconds, 12.5, 40);
    }

    [GeneratedRegex(@"^Q\d[A-F][+-]?$")]
    private static partial Regex GradeText();

    [GeneratedRegex(@"((?:story|motivation|concept|logistics|design|follow_up_target):\s*)\[\d+,\s*\d+\]")]
    private static partial Regex TargetRange();

    [GeneratedRegex(@"(target_seconds:\s*)\[\d+,\s*\d+\]")]
    private static partial Regex QuestionTarget();

    private static async Task<JsonDocument> WaitForPageLatencyAsync(string path)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
                if (json.RootElement.GetProperty("timings").TryGetProperty("page_latency_ms", out _))
                {
                    return json;
                }

                json.Dispose();
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                // Being written.
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"{path}: the page never recorded when the report arrived");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>The fake microphone's file: a second of silence, the answer spoken by festival, four seconds of silence (Chromium loops it).</summary>
    private string SpokenAnswer()
    {
        var speech = AudioFileReader.ReadClip(Festival(Answer, "answer-raw")).Samples;
        var samples = new float[16000 + speech.Length + (4 * 16000)];
        speech.CopyTo(samples, 16000);
        var path = Path.Combine(_work, "answer.wav");
        WavWriter.WriteFile(path, new VoiceCoach.Core.Audio.AudioClip(samples));
        return path;
    }

    /// <summary>
    /// The fake microphone's file for an answer that does not stop: festival reading a long paragraph with no silence
    /// around it, so the loop Chromium plays never pauses long enough to end the answer hands-free.
    /// </summary>
    private string LongAnswer()
    {
        return Festival(string.Join(' ', Enumerable.Repeat(Answer, 3)), "long");
    }

    /// <summary><paramref name="text"/> spoken by festival's US female voice, as <paramref name="name"/>.wav in the work folder.</summary>
    private string Festival(string text, string name)
    {
        var txt = Path.Combine(_work, name + ".txt");
        File.WriteAllText(txt, text);
        var wav = Path.Combine(_work, name + ".wav");
        VirtualMicrophone.Run("text2wave", "-eval", "(voice_cmu_us_slt_arctic_hts)", "-o", wav, txt);
        return wav;
    }

    private async Task Shoot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("VOICECOACH_SCREENSHOTS") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            await page.ScreenshotAsync(new() { Path = Path.Combine(dir, name + ".png"), FullPage = true });
            _output.WriteLine($"screenshot {name}.png");
        }
    }
}
