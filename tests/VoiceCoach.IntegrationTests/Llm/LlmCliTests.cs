using System.Text.Json;
using VoiceCoach.IntegrationTests.Speech;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Llm;

/// <summary>`voicecoach grade --llm URL`, `practice --llm URL` and `regrade --llm URL` against the loopback server, through the real command tree.</summary>
public sealed class LlmCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("voicecoach-llm-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Grade_WithLoopbackLlm_ReportShowsTheLlmFeedbackAndOverview()
    {
        await using var server = await LoopbackOpenAiServer.StartAsync((_, body, ctx) =>
            LoopbackOpenAiServer.ReplyAsync(ctx, LlmGradingTests.IsSession(body) ? LoopbackOpenAiServer.SessionReply() : LoopbackOpenAiServer.GradingReply("A", "LOOPBACK reason: a strong, specific story.")));
        using var cli = new CliHarness();
        var outDir = Path.Combine(_dir, "session");

        var code = await cli.RunAsync("grade", "--manifest", WriteManifest(), "--out", outDir, "--llm", server.BaseUrl, "--llm-model", "test-model", "--llm-config", WriteConfig());

        Assert.True(code == 0, cli.ConsoleText);
        var report = await File.ReadAllTextAsync(Path.Combine(outDir, "report.md"));
        Assert.Contains("LOOPBACK tip", report, StringComparison.Ordinal);
        Assert.Contains("🤖 **LLM reviewer** (loopback-model): proposed A", report, StringComparison.Ordinal);
        Assert.Contains("LOOPBACK reason: a strong, specific story.", report, StringComparison.Ordinal);
        Assert.Contains("🤖 **Coach's overview** (loopback-model): LOOPBACK overview", report, StringComparison.Ordinal);
        Assert.Contains($"+ LLM reviewer (test-model at {server.BaseUrl})", report, StringComparison.Ordinal);
        Assert.Contains("by the LLM reviewer)", report, StringComparison.Ordinal);
        Assert.DoesNotContain("unavailable", report, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "session.json")));
        var answers = json.RootElement.GetProperty("answers").EnumerateArray().ToList();
        Assert.All(answers, a => Assert.Equal("ok", a.GetProperty("llm").GetProperty("status").GetString()));
        Assert.All(answers, a => Assert.True(a.TryGetProperty("rubric_feedback", out _)));
        Assert.Equal("ok", json.RootElement.GetProperty("review").GetProperty("status").GetString());
        Assert.Equal(4, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("test-model", r.GetProperty("model").GetString()));
        Assert.All(server.Headers, h => Assert.StartsWith("Semantic-Kernel ", h["User-Agent"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Grade_ServerKilledMidSession_CompleteRubricReportSaysWhatHappened()
    {
        LoopbackOpenAiServer? server = null;
        server = await LoopbackOpenAiServer.StartAsync(async (n, body, ctx) =>
        {
            if (n == 1)
            {
                await LoopbackOpenAiServer.ReplyAsync(ctx, LoopbackOpenAiServer.GradingReply("B"));
                return;
            }

            // The server dies: this connection is dropped and nothing listens afterwards.
            ctx.Abort();
            _ = Task.Run(() => server!.StopAsync());
        });
        await using (server)
        {
            using var cli = new CliHarness();
            var outDir = Path.Combine(_dir, "killed");

            var code = await cli.RunAsync("grade", "--manifest", WriteManifest(), "--out", outDir, "--llm", server.BaseUrl, "--llm-config", WriteConfig());

            Assert.True(code == 0, cli.ConsoleText);
            var report = await File.ReadAllTextAsync(Path.Combine(outDir, "report.md"));
            Assert.Contains("### Q1:", report, StringComparison.Ordinal);
            Assert.Contains("### Q3:", report, StringComparison.Ordinal);
            Assert.Contains("**Next Session Target:**", report, StringComparison.Ordinal);
            Assert.Contains("> ⚠️ The LLM reviewer was unavailable for some answers (Q2: ", report, StringComparison.Ordinal);
            Assert.Contains("could not write the session overview", report, StringComparison.Ordinal);
            Assert.Contains("🤖 **LLM reviewer:** unavailable (", report, StringComparison.Ordinal);
            Assert.Contains("The LLM reviewer was unavailable", cli.ConsoleText, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "session.json")));
            var status = json.RootElement.GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("llm").GetProperty("status").GetString()).ToList();
            Assert.Equal(["ok", "fallback", "fallback"], status);
        }
    }

    [Fact]
    public async Task Regrade_WithLlm_KeepsTheEarlierGradingAndPrintsWhatTheLlmDid()
    {
        await using var server = await LoopbackOpenAiServer.StartAsync((_, body, ctx) =>
            LoopbackOpenAiServer.ReplyAsync(ctx, LlmGradingTests.IsSession(body) ? LoopbackOpenAiServer.SessionReply() : LoopbackOpenAiServer.GradingReply("A")));
        var outDir = Path.Combine(_dir, "regrade");
        using (var first = new CliHarness())
        {
            Assert.Equal(0, await first.RunAsync("grade", "--manifest", WriteManifest(), "--out", outDir, "--llm", "off"));
        }

        using var cli = new CliHarness();
        var code = await cli.RunAsync("regrade", outDir, "--llm", server.BaseUrl, "--llm-config", WriteConfig());

        Assert.True(code == 0, cli.ConsoleText);
        Assert.Contains("(proposed A", cli.ConsoleText, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(outDir, "gradings"), "grading-1-*.json"));
        Assert.Contains("LOOPBACK tip", await File.ReadAllTextAsync(Path.Combine(outDir, "report.md")), StringComparison.Ordinal);
    }

    [SphinxFact]
    public async Task Practice_FromRecordingsWithLoopbackLlm_ReportCarriesTheLlmFeedbackAndOverview()
    {
        await using var server = await LoopbackOpenAiServer.StartAsync((_, body, ctx) =>
            LoopbackOpenAiServer.ReplyAsync(ctx, LlmGradingTests.IsSession(body) ? LoopbackOpenAiServer.SessionReply() : LoopbackOpenAiServer.GradingReply("B")));
        var samples = RepoPaths.InRepo("samples", "answers");
        var from = Directory.CreateDirectory(Path.Combine(_dir, "recorded")).FullName;
        File.WriteAllText(Path.Combine(from, "manifest.yaml"), $"""
            company: netflix
            answers:
              - question: "Give me an example of exercising Judgment in an ambiguous situation."
                audio: {Path.Combine(samples, "01-judgment-star.wav")}
              - question: "Why are you looking to move from your current role?"
                audio: {Path.Combine(samples, "04-why-leave-redflag.wav")}
            """);
        using var cli = CliHarness.WithRealEngines(_dir, "sphinx");

        var code = await cli.RunAsync(
            "practice", "--from", from, "--fast", "--no-speak", "--hands-free", "--no-follow-ups", "--out", "practice",
            "--prompts", RepoPaths.InRepo("prompts"), "--llm", server.BaseUrl, "--llm-model", "test-model", "--llm-config", WriteConfig());

        Assert.True(code == 0, cli.ConsoleText);
        var report = await File.ReadAllTextAsync(Path.Combine(_dir, "practice", "report.md"));
        Assert.Contains($"+ LLM reviewer (test-model at {server.BaseUrl})", report, StringComparison.Ordinal);
        Assert.Contains("LOOPBACK tip", report, StringComparison.Ordinal);
        Assert.Contains("🤖 **Coach's overview** (loopback-model): LOOPBACK overview", report, StringComparison.Ordinal);
        Assert.DoesNotContain("unavailable", report, StringComparison.Ordinal);

        // One request per answer (the warm-up spends none) and one for the session overview.
        Assert.Equal(3, server.Requests.Count);
        Assert.Single(server.Requests, LlmGradingTests.IsSession);
    }

    [Fact]
    public async Task PromptsEval_WithLoopbackLlm_PrintsBothGradersAgreementAndTheLlmsReason()
    {
        await using var server = await LoopbackOpenAiServer.StartAsync((_, _, ctx) =>
            LoopbackOpenAiServer.ReplyAsync(ctx, LoopbackOpenAiServer.GradingReply("A", "LOOPBACK reason: specific and measured.")));
        var set = Path.Combine(_dir, "set");
        Directory.CreateDirectory(set);
        File.Move(WriteManifest(), Path.Combine(set, "manifest.yaml"));
        var manifest = Path.Combine(set, "manifest.yaml");
        File.WriteAllText(manifest, File.ReadAllText(manifest)
            .Replace("duration_s: 40", "duration_s: 40\n    id: judgment\n    expected_grade: A\n    expected_flags: []", StringComparison.Ordinal)
            .Replace("duration_s: 20", "duration_s: 20\n    id: courage\n    expected_grade: D\n    expected_flags: [no_example]", StringComparison.Ordinal)
            .Replace("duration_s: 25", "duration_s: 25\n    id: why-netflix\n    expected_grade: B\n    expected_flags: []", StringComparison.Ordinal));
        using var cli = new CliHarness();

        var code = await cli.RunAsync("prompts", "eval", "--set", set, "--llm", server.BaseUrl, "--llm-model", "test-model", "--llm-config", WriteConfig());

        var text = cli.ConsoleText;
        Assert.True(code == 0, text);
        Assert.Matches(@"rubric only: exact \d/3 \(\d+ %\), within one step \d/3", text);
        Assert.Matches(@"rubric \+ LLM \(test-model\): exact \d/3 \(\d+ %\), within one step \d/3 \(\d+ %\), mean distance \d\.\d steps, Spearman", text);
        Assert.Contains("Confusion, rubric + LLM (test-model)", text, StringComparison.Ordinal);
        Assert.Contains("LOOPBACK reason: specific and", text, StringComparison.Ordinal);
        Assert.DoesNotContain("LLM unavailable", text, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count);
    }

    private string WriteManifest()
    {
        var path = Path.Combine(_dir, "manifest.yaml");
        File.WriteAllText(path, """
            company: netflix
            answers:
              - question_id: netflix-recruiter-values-judgment
                transcript: "Last year at Salesforce our retraining pipeline kept failing every weekend. My task was to cut the pages. I analyzed three months of alerts and I moved validation before training. As a result, pages dropped by 50 percent."
                duration_s: 40
              - question_id: netflix-recruiter-values-courage
                transcript: "I think courage is really important. In general I believe you should always speak up and challenge the status quo."
                duration_s: 20
              - question_id: netflix-recruiter-why-netflix
                transcript: "I'm excited about the Eyeline research team and empowering creative storytelling for studio artists."
                duration_s: 25
            """);
        return path;
    }

    private string WriteConfig()
    {
        var path = Path.Combine(_dir, "llm.yaml");
        File.WriteAllText(path, """
            llm:
              attempt_timeout_s: 120
              total_timeout_s: 300
              retries: 2
              retry_base_delay_s: 0.02
              break_after_failures: 2
            """);
        return path;
    }
}
