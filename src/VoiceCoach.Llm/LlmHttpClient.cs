using System.Globalization;
using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace VoiceCoach.Llm;

/// <summary>
/// The HttpClient Semantic Kernel's OpenAI connector sends through, with a <see cref="ResilienceHandler"/>
/// (Microsoft.Extensions.Http.Resilience) built from <see cref="LlmOptions"/>, outermost first, as the
/// standard resilience handler orders them:
/// <list type="number">
/// <item>total timeout (<see cref="LlmOptions.TotalTimeout"/>, retries and waits included);</item>
/// <item>retry on network errors, attempt timeouts, 408, 429 and 5xx, exponential back-off with jitter,
/// a Retry-After header honoured up to <see cref="LlmOptions.MaxRetryAfter"/>; no retry once the circuit is open;</item>
/// <item>circuit breaker: once <see cref="LlmOptions.BreakAfterFailures"/> attempts were made and half of them
/// failed, calls fail at once for <see cref="LlmOptions.BreakDuration"/>, so a dead server costs one wait per
/// session. A 429 is not a failure here: a server that throttles is alive and its Retry-After is honoured;</item>
/// <item>attempt timeout (<see cref="LlmOptions.AttemptTimeout"/>).</item>
/// </list>
/// SK switches the OpenAI client's own retries off when it is given an HttpClient, so this pipeline is the
/// only one. Every wait runs on the <see cref="TimeProvider"/> given, so tests drive it with fake time.
/// </summary>
internal static class LlmHttpClient
{
    public const string AttemptTimeoutName = "attempt-timeout";
    public const string TotalTimeoutName = "total-timeout";

    /// <summary>
    /// Creates the client; the caller disposes it (it owns the handlers). <paramref name="transport"/> is the
    /// innermost handler: null for a fresh <see cref="SocketsHttpHandler"/>; tests pass a scripted one.
    /// </summary>
    public static HttpClient Create(LlmOptions options, LlmCircuit circuit, TimeProvider time, ILogger log, HttpMessageHandler? transport = null)
    {
#pragma warning disable CA2000 // The HttpClient owns and disposes the handler chain.
        var handler = new ResilienceHandler(Pipeline(options, circuit, time, log)) { InnerHandler = transport ?? new SocketsHttpHandler() };
#pragma warning restore CA2000
        return new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = options.Endpoint,

            // The pipeline's timeouts govern; HttpClient's own 100 s would cut a slow local model short.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    internal static ResiliencePipeline<HttpResponseMessage> Pipeline(LlmOptions o, LlmCircuit circuit, TimeProvider time, ILogger log) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { Name = "llm", TimeProvider = time }
            .AddTimeout(new HttpTimeoutStrategyOptions { Name = TotalTimeoutName, Timeout = o.TotalTimeout })
            .AddRetry(new HttpRetryStrategyOptions
            {
                // Polly needs at least one retry configured; MaxRetries 0 is honoured by never handling.
                // Once the failure that opened the circuit is in, another back-off is a wait for nothing.
                ShouldHandle = args => ValueTask.FromResult(o.MaxRetries > 0 && circuit.State.CircuitState != CircuitState.Open && IsTransient(args.Outcome)),
                MaxRetryAttempts = Math.Max(1, o.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.RetryBaseDelay,
                MaxDelay = o.MaxRetryAfter,
                ShouldRetryAfterHeader = false,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, o.MaxRetryAfter, time)),
                OnRetry = args =>
                {
                    log.LogWarning(
                        "LLM call to {Endpoint} ({Model}) failed: {Problem}; retry {Attempt} of {MaxRetries} in {DelayMs} ms",
                        o.EndpointForDisplay,
                        o.Model,
                        Describe(args.Outcome),
                        args.AttemptNumber + 1,
                        o.MaxRetries,
                        Math.Round(args.RetryDelay.TotalMilliseconds));
                    return default;
                },
            })
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(IsServerFailure(args.Outcome)),
                StateProvider = circuit.State,

                // Half the recent attempts failing, once there are enough of them: an earlier success must
                // not keep a server that has since died "healthy" (a ratio of 1.0 would).
                FailureRatio = 0.5,
                MinimumThroughput = o.BreakAfterFailures,
                SamplingDuration = o.TotalTimeout + o.TotalTimeout,
                BreakDuration = o.BreakDuration,
                OnOpened = args =>
                {
                    circuit.WhyOpen = Describe(args.Outcome);
                    log.LogError(
                        "LLM circuit opened: {Endpoint} keeps failing ({Problem}); answers skip the LLM for {BreakSeconds} s",
                        o.EndpointForDisplay,
                        circuit.WhyOpen,
                        args.BreakDuration.TotalSeconds);
                    return default;
                },
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Name = AttemptTimeoutName, Timeout = o.AttemptTimeout })
            .Build();

    /// <summary>Worth another attempt: no connection, no reply in time, 408, 429, 5xx.</summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } r ? r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500
            : outcome.Exception is HttpRequestException or TimeoutRejectedException;

    /// <summary>A sign the server is down or broken (what the circuit breaker counts): transient, except a 429.</summary>
    internal static bool IsServerFailure(Outcome<HttpResponseMessage> outcome) =>
        IsTransient(outcome) && outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests;

    /// <summary>The wait a 429 or 503 asks for (seconds or an HTTP date), capped; null for the back-off.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan max, TimeProvider time)
    {
        if (response is not { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable } || response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        var wait = header.Delta ?? (header.Date is { } date ? date - time.GetUtcNow() : (TimeSpan?)null);
        return wait is null ? null : wait < TimeSpan.Zero ? TimeSpan.Zero : wait > max ? max : wait;
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) => outcome.Result is { } r
        ? string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)r.StatusCode} {r.StatusCode}")
        : LlmFailure.Describe(outcome.Exception);
}

/// <summary>The circuit breaker's state and why it last opened, shared by the pipeline and the error messages.</summary>
internal sealed class LlmCircuit
{
    public CircuitBreakerStateProvider State { get; } = new();

    public string WhyOpen { get; set; } = "no reply";
}
