using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceCoach.Core.Grading;
using VoiceCoach.Grading;
using VoiceCoach.Llm;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Llm;

/// <summary>
/// The LLM reviewer's HTTP path without sockets: SK's OpenAI connector, the HttpClient with the resilience
/// pipeline and a scripted server, on fake time. The clock moves only when the client waits on it, so
/// these tests give the same result on an idle or a saturated machine.
/// </summary>
public class LlmResilienceTests
{
    private static readonly LlmOptions Options = new()
    {
        Endpoint = new Uri("http://127.0.0.1:11434/v1"),
        Model = "test-model",
        AttemptTimeout = TimeSpan.FromSeconds(30),
        TotalTimeout = TimeSpan.FromSeconds(100),
        MaxRetries = 1,
        RetryBaseDelay = TimeSpan.Zero,
        MaxRetryAfter = TimeSpan.FromSeconds(30),
        BreakAfterFailures = 3,
        BreakDuration = TimeSpan.FromMinutes(5),
    };

    [Fact]
    public async Task Grade_429WithRetryAfter_WaitsWhatTheServerAsksBeforeRetrying()
    {
        var clock = new WatchedClock();
        using var handler = new ScriptedHttpHandler(clock, (n, _) => Task.FromResult(n == 1 ? ScriptedHttpHandler.Fail(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7)) : ScriptedHttpHandler.Reply(FakeChatService.Reply("B"))));
        using var kernel = Kernel(Options with { RetryBaseDelay = TimeSpan.FromMilliseconds(10) }, clock, handler);

        var grading = Grader(kernel).GradeAsync(Story(1), CancellationToken.None);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(7));
        clock.Advance(TimeSpan.FromSeconds(6.9));
        Assert.Single(handler.Requests);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var graded = await grading;

        Assert.Equal(LlmReview.Ok, graded.Llm!.Status);
        var seen = handler.Requests.ToList();
        Assert.Equal(2, seen.Count);
        Assert.Equal(TimeSpan.FromSeconds(7), seen[1].At - seen[0].At);
    }

    [Fact]
    public async Task Grade_ServerHangs_EachAttemptTimesOutAndTheReasonNamesTheSetting()
    {
        var clock = new WatchedClock();
        using var handler = new ScriptedHttpHandler(clock, (_, ct) => ScriptedHttpHandler.HangAsync(ct));
        using var kernel = Kernel(Options, clock, handler);

        var grading = Grader(kernel).GradeAsync(Story(1), CancellationToken.None);
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await clock.WaitForTimerAsync(Options.AttemptTimeout, attempt);
            clock.Advance(Options.AttemptTimeout);
        }

        var graded = await grading;

        Assert.Equal(LlmReview.Fallback, graded.Llm!.Status);
        Assert.Equal(
            "http://127.0.0.1:11434/v1 timed out: no reply within 30 s; a slow model needs a longer llm.attempt_timeout_s in voicecoach.yaml (total_timeout_s 100 s bounds the retries)",
            graded.Llm.Reason);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Grade_HangOutlastsTheTotalTimeout_SaysRetriesIncluded()
    {
        var clock = new WatchedClock();
        using var handler = new ScriptedHttpHandler(clock, (_, ct) => ScriptedHttpHandler.HangAsync(ct));
        var options = Options with { TotalTimeout = TimeSpan.FromSeconds(45), MaxRetries = 3 };
        using var kernel = Kernel(options, clock, handler);

        var grading = Grader(kernel).GradeAsync(Story(1), CancellationToken.None);
        await clock.WaitForTimerAsync(options.AttemptTimeout);
        clock.Advance(options.AttemptTimeout);
        await clock.WaitForTimerAsync(options.AttemptTimeout, 2);
        clock.Advance(TimeSpan.FromSeconds(15));
        var graded = await grading;

        Assert.Equal(LlmReview.Fallback, graded.Llm!.Status);
        Assert.StartsWith("http://127.0.0.1:11434/v1 timed out: no reply within 45 s, retries included; a slow model needs a longer llm.total_timeout_s", graded.Llm.Reason, StringComparison.Ordinal);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task GradeSession_EverySecondRequestRateLimited_CircuitStaysClosedAndEveryAnswerIsReviewed()
    {
        var clock = new WatchedClock();
        using var handler = new ScriptedHttpHandler(clock, (n, _) => Task.FromResult(n % 2 == 0
            ? ScriptedHttpHandler.Fail(HttpStatusCode.TooManyRequests, TimeSpan.Zero)
            : ScriptedHttpHandler.Reply(n == 13 ? FakeChatService.SessionReply() : FakeChatService.Reply("B"))));
        using var kernel = Kernel(Options with { BreakAfterFailures = 2 }, clock, handler);

        var session = await SessionGrader(kernel).GradeAsync("throttled", Enumerable.Range(1, 6).Select(Story).ToList(), CancellationToken.None);

        Assert.All(session.Answers, a => Assert.True(a.Llm!.Status == LlmReview.Ok, $"Q{a.Answer.Index}: {a.Llm.Reason}"));
        Assert.Equal(LlmReview.Ok, session.Review!.Status);
        Assert.Equal(13, handler.Requests.Count);
    }

    [Fact]
    public async Task GradeSession_ServerRefusesConnections_OneAnswersWorthOfAttemptsThenTheCircuitAnswers()
    {
        var clock = new WatchedClock();
        using var handler = new ScriptedHttpHandler(clock, (_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:11434)", new SocketException((int)SocketError.ConnectionRefused)));
        using var kernel = Kernel(Options with { MaxRetries = 3 }, clock, handler);

        var session = await SessionGrader(kernel).GradeAsync("dead", Enumerable.Range(1, 4).Select(Story).ToList(), CancellationToken.None);

        // Q1's attempts open the circuit (3 failures); Q2-Q4 and the overview are not sent at all.
        Assert.Equal(3, handler.Requests.Count);
        Assert.StartsWith("http://127.0.0.1:11434/v1: cannot connect (", session.Answers[0].Llm!.Reason, StringComparison.Ordinal);
        Assert.All(session.Answers.Skip(1), a => Assert.StartsWith("http://127.0.0.1:11434/v1 is not answering (cannot connect (", a.Llm!.Reason, StringComparison.Ordinal));
        Assert.Equal(LlmReview.Fallback, session.Review!.Status);
        Assert.Equal(clock.Start, clock.GetUtcNow());
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, true, false)]
    [InlineData(HttpStatusCode.InternalServerError, true, true)]
    [InlineData(HttpStatusCode.RequestTimeout, true, true)]
    [InlineData(HttpStatusCode.BadRequest, false, false)]
    [InlineData(HttpStatusCode.NotFound, false, false)]
    public void Outcome_Status_RetriedAndCountedAgainstTheServerAsDesigned(HttpStatusCode status, bool retried, bool counted)
    {
        using var response = new HttpResponseMessage(status);
        var outcome = Polly.Outcome.FromResult(response);

        Assert.Equal(retried, LlmHttpClient.IsTransient(outcome));
        Assert.Equal(counted, LlmHttpClient.IsServerFailure(outcome));
    }

    [Theory]
    [InlineData("http://127.0.0.1:11434/v1", true)]
    [InlineData("https://api.openai.com/v1", false)]
    public async Task Grade_ReplyCap_SentAsTheServerReadsIt(string endpoint, bool local)
    {
        var clock = new WatchedClock();
        using var handler = new ScriptedHttpHandler(clock, (_, _) => Task.FromResult(ScriptedHttpHandler.Reply(FakeChatService.Reply("B"))));
        using var kernel = Kernel(Options with { Endpoint = new Uri(endpoint) }, clock, handler);

        await Grader(kernel).GradeAsync(Story(1), CancellationToken.None);

        var body = Assert.Single(handler.Requests).Body;
        Assert.Equal(local, body.TryGetProperty("max_tokens", out var max) && max.GetInt32() == 900);
        Assert.Equal(!local, body.TryGetProperty("max_completion_tokens", out var completion) && completion.GetInt32() == 900);
    }

    [Fact]
    public async Task Grade_WithApiKeyAndFullLogging_NeitherTheKeyNorTheTranscriptIsLogged()
    {
        const string key = "sk-test-0123456789abcdef";
        var clock = new WatchedClock();
        using var handler = new ScriptedHttpHandler(clock, (_, _) => Task.FromResult(ScriptedHttpHandler.Reply(FakeChatService.Reply("B"))));
        using var logging = new CapturingLoggerFactory();
        using var kernel = GradingKernel.Create(Options with { ApiKey = key }, Prompts(), TestLibrary.Library.Rubric, logging, clock, handler);
        var grader = new LlmAnswerGrader(TestLibrary.Grader, TestLibrary.Library.Rubric, TestLibrary.Library.Company("netflix"), kernel, logging.CreateLogger<LlmAnswerGrader>());

        var graded = await grader.GradeAsync(Story(1), CancellationToken.None);

        Assert.Equal(LlmReview.Ok, graded.Llm!.Status);
        Assert.Equal($"Bearer {key}", Assert.Single(handler.Requests).Headers["Authorization"]);
        var log = logging.Text();
        Assert.Contains("Microsoft.SemanticKernel", log, StringComparison.Ordinal);
        Assert.Contains("LLM reviewed Q1", log, StringComparison.Ordinal);
        Assert.DoesNotContain(key, log, StringComparison.Ordinal);
        Assert.DoesNotContain("retraining pipeline", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"unexpected\": true}")]
    [InlineData("{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[]}")]
    [InlineData("<html><body>Welcome to nginx!</body></html>")]
    [InlineData("{\"id\": \"x\", \"choi")]
    public async Task Grade_BodyIsNotAChatCompletion_FallsBackSayingSo(string body)
    {
        var clock = new WatchedClock();
        using var handler = new ScriptedHttpHandler(clock, (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") }));
        using var kernel = Kernel(Options, clock, handler);

        var graded = await Grader(kernel).GradeAsync(Story(1), CancellationToken.None);

        Assert.Equal(LlmReview.Fallback, graded.Llm!.Status);
        Assert.StartsWith("http://127.0.0.1:11434/v1: the reply is not an OpenAI chat completion", graded.Llm.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grade_ConnectionDroppedWithoutAReply_SaysSo()
    {
        var clock = new WatchedClock();
        using var handler = new ScriptedHttpHandler(clock, (_, _) => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        using var kernel = Kernel(Options, clock, handler);

        var graded = await Grader(kernel).GradeAsync(Story(1), CancellationToken.None);

        Assert.Equal("http://127.0.0.1:11434/v1: the server closed the connection without replying (The response ended prematurely.)", graded.Llm!.Reason);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public void Create_BreakShorterThanTheCircuitBreakerAllows_NamesTheSetting()
    {
        var options = Options with { BreakDuration = TimeSpan.FromSeconds(0.1) };

        var ex = Assert.Throws<ArgumentException>(() => GradingKernel.Create(options, Prompts(), TestLibrary.Library.Rubric, NullLoggerFactory.Instance, TimeProvider.System));

        Assert.Equal("llm break duration (0.1 s) must be 0.5 to 3600 seconds", ex.Message);
    }

    private static GradingPrompts Prompts() => GradingPrompts.Load(RepoPaths.InRepo("prompts"));

    private static GradingKernel Kernel(LlmOptions options, TimeProvider clock, HttpMessageHandler handler) =>
        GradingKernel.Create(options, Prompts(), TestLibrary.Library.Rubric, NullLoggerFactory.Instance, clock, handler);

    private static LlmAnswerGrader Grader(GradingKernel kernel) =>
        new(TestLibrary.Grader, TestLibrary.Library.Rubric, TestLibrary.Library.Company("netflix"), kernel, NullLogger<LlmAnswerGrader>.Instance);

    private static SessionGrader SessionGrader(GradingKernel kernel) =>
        new(Grader(kernel), TestLibrary.Library.Rubric, TestLibrary.Library.Company("netflix"), new FixedTimeProvider(DateTimeOffset.UnixEpoch))
        {
            Reviewer = new LlmSessionReviewer(kernel, NullLogger<LlmSessionReviewer>.Instance),
        };

    private static AnswerToGrade Story(int index) => TestLibrary.Typed(Answers.JudgmentId, Answers.GoodStory, 46, index);

}
