using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.SemanticKernel;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace VoiceCoach.Llm;

/// <summary>
/// Says in one line why the LLM could not be used, from whatever the connector, HttpClient and the
/// resilience pipeline threw (they nest: SK's HttpOperationException around the OpenAI client's
/// exception around HttpClient's): the server refused the connection, timed out (which timeout, and
/// the setting to change), answered with an HTTP error (with a hint for 401, 403 and 404), dropped the
/// connection, or sent something that is not a chat completion; or the circuit is open and why.
/// </summary>
internal static class LlmFailure
{
    /// <summary>The message for the report, or null when <paramref name="ex"/> is not an LLM failure (a bug, which should surface).</summary>
    public static string? Explain(Exception ex, LlmOptions o, LlmCircuit circuit)
    {
        var ep = o.EndpointForDisplay;
        if (Find<BrokenCircuitException>(ex) is not null)
        {
            return $"{ep} is not answering ({circuit.WhyOpen}; it kept failing, so it is not tried again for {Seconds(o.BreakDuration)})";
        }

        if (Find<TimeoutRejectedException>(ex) is { } timeout)
        {
            return IsTotal(timeout, o)
                ? $"{ep} timed out: no reply within {Seconds(o.TotalTimeout)}, retries included; a slow model needs a longer llm.total_timeout_s (and attempt_timeout_s) in voicecoach.yaml"
                : $"{ep} timed out: no reply within {Seconds(timeout.Timeout)}; a slow model needs a longer llm.attempt_timeout_s in voicecoach.yaml (total_timeout_s {Seconds(o.TotalTimeout)} bounds the retries)";
        }

        if (Find<HttpOperationException>(ex) is { StatusCode: { } status })
        {
            return $"{ep}: {Status(status)}{Hint(status)}";
        }

        if (CannotConnect(ex) is { } why)
        {
            return $"{ep}: cannot connect ({why}); is the server running? (Ollama: `ollama serve`)";
        }

        if (Find<HttpRequestException>(ex) is { } http)
        {
            return http.HttpRequestError == HttpRequestError.ResponseEnded
                ? $"{ep}: the server closed the connection without replying ({http.Message})"
                : $"{ep}: {http.Message}";
        }

        if ((Find<JsonException>(ex) ?? Find<FormatException>(ex) ?? (Exception?)Find<HttpOperationException>(ex)) is { } broken)
        {
            return $"{ep}: the reply is not an OpenAI chat completion ({broken.Message})";
        }

        // The OpenAI package reads choices[0] only when SK asks for the message: a 200 reply without
        // choices ({"unexpected": true}, another API's JSON) surfaces as an index out of range in it.
        if (Find<ArgumentOutOfRangeException>(ex) is { StackTrace: { } stack } && stack.Contains("at OpenAI.Chat.", StringComparison.Ordinal))
        {
            return $"{ep}: the reply is not an OpenAI chat completion (it has no choices); check that the URL is the server's OpenAI-compatible endpoint (it usually ends in /v1)";
        }

        return Find<IOException>(ex) is { } io ? $"{ep}: {io.Message}" : null;
    }

    /// <summary>The problem in a few words, for logs and for why the circuit opened.</summary>
    public static string Describe(Exception? ex) => ex switch
    {
        null => "no exception",
        _ when Find<BrokenCircuitException>(ex) is not null => "not tried: the circuit is open",
        _ when Find<TimeoutRejectedException>(ex) is { } t => $"no reply within {Seconds(t.Timeout)}",
        _ when CannotConnect(ex) is { } why => $"cannot connect ({why})",
        _ when Find<HttpOperationException>(ex) is { StatusCode: { } status } => Status(status),
        _ => ex.Message,
    };

    /// <summary>
    /// Which timeout fired, told by its duration. When the two are equal the total one fires first (its
    /// clock started first), so the message about retries is the right one.
    /// </summary>
    private static bool IsTotal(TimeoutRejectedException t, LlmOptions o) => t.Timeout == o.TotalTimeout;

    private static string? CannotConnect(Exception ex) =>
        Find<SocketException>(ex) is { } socket ? socket.Message
        : Find<HttpRequestException>(ex) is { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError } http ? http.Message
        : null;

    private static string Status(HttpStatusCode status) => string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)status} {status}");

    private static string Hint(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => "; check the API key (VOICECOACH_LLM_API_KEY)",
        HttpStatusCode.NotFound => "; check the URL (it usually ends in /v1) and that the model is pulled (`ollama pull MODEL`)",
        _ => string.Empty,
    };

    private static T? Find<T>(Exception? ex)
        where T : Exception
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string Seconds(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.###} s");
}
