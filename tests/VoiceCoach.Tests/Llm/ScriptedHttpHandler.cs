using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Llm;

/// <summary>What the server side saw of one request: when (on the test's clock), the body and the headers.</summary>
internal sealed record SeenRequest(DateTimeOffset At, JsonElement Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// The innermost HTTP handler under the LLM client: a scripted OpenAI-compatible server without sockets.
/// The script gets the request number (from 1) and the call's cancellation token (cancelled when a
/// timeout gives up on the attempt), and returns the response.
/// </summary>
internal sealed class ScriptedHttpHandler(TimeProvider clock, Func<int, CancellationToken, Task<HttpResponseMessage>> script) : HttpMessageHandler
{
    private int _count;

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    public static HttpResponseMessage Reply(string content, string model = "served-model") =>
        new(HttpStatusCode.OK) { Content = new StringContent(ChatCompletionJson.Of(content, model), Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Fail(HttpStatusCode status, TimeSpan? retryAfter = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent("{\"error\":{\"message\":\"scripted failure\"}}", Encoding.UTF8, "application/json") };
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(wait);
        }

        return response;
    }

    /// <summary>A server that never answers: the call ends only when the client gives up on it.</summary>
    public static async Task<HttpResponseMessage> HangAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        using var doc = JsonDocument.Parse(body);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new SeenRequest(clock.GetUtcNow(), doc.RootElement.Clone(), headers));
        return await script(Interlocked.Increment(ref _count), cancellationToken);
    }
}
