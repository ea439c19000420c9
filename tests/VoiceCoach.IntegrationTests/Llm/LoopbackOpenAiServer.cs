using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using VoiceCoach.IntegrationTests.Http;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Llm;

/// <summary>
/// The loopback server speaking OpenAI's chat-completions protocol on /v1/chat/completions,
/// scripted per test: the script gets the request number (1-based) and the parsed request body and
/// writes the response. Every request body is recorded for assertions. Dispose to stop it.
/// </summary>
internal sealed class LoopbackOpenAiServer : IAsyncDisposable
{
    private LoopbackServer _server = null!;
    private int _count;

    private LoopbackOpenAiServer()
    {
    }

    /// <summary>Request bodies received on /v1/chat/completions, in order.</summary>
    public ConcurrentQueue<JsonElement> Requests { get; } = new();

    /// <summary>The headers of those requests, in the same order.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Headers { get; } = new();

    /// <summary>The OpenAI-style base URL, e.g. http://127.0.0.1:41234/v1.</summary>
    public string BaseUrl => $"http://127.0.0.1:{_server.Url.Port}/v1";

    public static async Task<LoopbackOpenAiServer> StartAsync(Func<int, JsonElement, HttpContext, Task> script)
    {
        var self = new LoopbackOpenAiServer();
        self._server = await LoopbackServer.StartAsync(async (ctx, _) =>
        {
            if (!HttpMethods.IsPost(ctx.Request.Method) || ctx.Request.Path != "/v1/chat/completions")
            {
                ctx.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            using var doc = await JsonDocument.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted);
            var body = doc.RootElement.Clone();
            self.Headers.Enqueue(ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            self.Requests.Enqueue(body);
            await script(Interlocked.Increment(ref self._count), body, ctx);
        });
        return self;
    }

    public Task StopAsync() => _server.StopAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>A chat-completions response whose assistant message is <paramref name="content"/>.</summary>
    public static Task ReplyAsync(HttpContext ctx, string content, string model = "loopback-model")
    {
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(ChatCompletionJson.Of(content, model));
    }

    /// <summary>An error status with an OpenAI-style error body.</summary>
    public static Task FailAsync(HttpContext ctx, int status, string? retryAfter = null)
    {
        ctx.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            ctx.Response.Headers.RetryAfter = retryAfter;
        }

        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync("{\"error\":{\"message\":\"scripted failure\",\"type\":\"server_error\"}}");
    }

    /// <summary>A valid grading reply proposing <paramref name="grade"/>.</summary>
    public static string GradingReply(string grade, string reason = "The story is concrete and the result is measured.") =>
        JsonSerializer.Serialize(new
        {
            worked = new[] { "LOOPBACK: you told one concrete story in the first person" },
            needs_work = new[] { "LOOPBACK: land the result in one sentence" },
            tip = "LOOPBACK tip: situation 5 s, task 5 s, action 15 s, result 10 s.",
            improved_answer = "LOOPBACK template: At [company] I [action], which [result].",
            proposed_grade = grade,
            grade_reason = reason,
        });

    public static string SessionReply() =>
        JsonSerializer.Serialize(new { overview = "LOOPBACK overview: your stories are concrete; tighten the results.", top_priority = "LOOPBACK priority: one number per result." });
}
