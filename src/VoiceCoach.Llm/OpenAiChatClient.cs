using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace VoiceCoach.Llm;

/// <summary>
/// <see cref="ILlmChatClient"/> on the OpenAI package's <see cref="ChatClient"/>, pointed at any
/// OpenAI-compatible server (Ollama, LM Studio, llama.cpp, vLLM, OpenAI, Azure OpenAI's v1 endpoint).
/// Resilience is one Polly pipeline, outermost first: total timeout → retry (exponential back-off with
/// jitter on network errors, attempt timeouts, 408, 429 honouring Retry-After, 5xx) → circuit breaker
/// (once at least <see cref="LlmOptions.BreakAfterFailures"/> attempts were made and half of them failed,
/// every later call fails at once, so a dead server costs one wait per session, not one per answer) → per-attempt timeout.
/// The OpenAI client's own retry policy is switched off (max 0 retries) so that Polly is the only
/// one: two stacked retry loops would multiply waits and hide attempts from our logs.
/// One instance per run; thread-safe; nothing to dispose (the transport is the client's shared one).
/// </summary>
public sealed class OpenAiChatClient : ILlmChatClient
{
    private readonly LlmOptions _options;
    private readonly ChatClient _chat;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private volatile string _whyOpen = "no reply";

    public OpenAiChatClient(LlmOptions options, ILogger<OpenAiChatClient> log, TimeProvider? time = null)
    {
        _options = options.Validate();
        _log = log;
        _time = time ?? TimeProvider.System;
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),

            // Polly's attempt timeout fires first; this only stops a transport that ignores cancellation.
            NetworkTimeout = options.AttemptTimeout + TimeSpan.FromSeconds(5),
        };

        if (MaxTokensPolicy.AppliesTo(options.Endpoint))
        {
            clientOptions.AddPolicy(new MaxTokensPolicy(), PipelinePosition.PerCall);
        }

        // Local servers ignore the key but the client requires one.
        _chat = new ChatClient(options.Model, new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "no-key" : options.ApiKey), clientOptions);
        _pipeline = BuildPipeline();
    }

    public string Model => _options.Model;

    public async Task<LlmChatReply> CompleteAsync(LlmChatRequest request, CancellationToken cancellationToken)
    {
        var messages = request.Messages.Select(ToChatMessage).ToList();
        var chatOptions = new ChatCompletionOptions
        {
            Temperature = request.Temperature is { } t ? (float)t : null,
            MaxOutputTokenCount = request.MaxTokens,
            ResponseFormat = request.Format switch
            {
                LlmResponseFormat.JsonSchema => ChatResponseFormat.CreateJsonSchemaFormat(request.SchemaName ?? "reply", BinaryData.FromString(request.Schema ?? "{}"), jsonSchemaIsStrict: false),
                LlmResponseFormat.JsonObject => ChatResponseFormat.CreateJsonObjectFormat(),
                _ => ChatResponseFormat.CreateTextFormat(),
            },
        };

        var start = _time.GetTimestamp();
        ChatCompletion completion;
        try
        {
            completion = await _pipeline.ExecuteAsync(
                async ct => (await _chat.CompleteChatAsync(messages, chatOptions, ct)).Value,
                cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (BrokenCircuitException ex)
        {
            throw new LlmException($"{_options.EndpointForDisplay} is not answering ({_whyOpen}; it kept failing, so it is not tried again for {Seconds(_options.BreakDuration)})", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new LlmException($"{_options.EndpointForDisplay} did not reply within {Seconds(ex.Timeout)}", ex);
        }
        catch (ClientResultException ex)
        {
            throw new LlmException($"{_options.EndpointForDisplay}: {Problem(ex)}{Hint(ex)}", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException or InvalidOperationException or FormatException or System.Text.Json.JsonException)
        {
            throw new LlmException($"{_options.EndpointForDisplay}: {ex.Message}", ex);
        }

        var latency = _time.GetElapsedTime(start);
        var text = completion.Content.Count > 0 ? string.Concat(completion.Content.Select(c => c.Text)) : null;
        if (text is null)
        {
            throw new LlmException($"{_options.EndpointForDisplay} replied with no message content (finish reason {completion.FinishReason})");
        }

        if (text.Length > _options.MaxReplyChars)
        {
            throw new LlmException(string.Create(CultureInfo.InvariantCulture, $"{_options.EndpointForDisplay} replied with {text.Length} characters, more than the {_options.MaxReplyChars} a grading reply needs"));
        }

        return new LlmChatReply(text, string.IsNullOrEmpty(completion.Model) ? _options.Model : completion.Model, latency);
    }

    private ResiliencePipeline BuildPipeline()
    {
        var transient = new PredicateBuilder().Handle<Exception>(IsTransient);

        // Polly needs at least one retry configured; MaxRetries 0 is honoured by never handling.
        // Once the failure that opened the circuit is in, waiting out another back-off is pointless.
        var circuit = new CircuitBreakerStateProvider();
        var retryable = new PredicateBuilder().Handle<Exception>(ex => _options.MaxRetries > 0 && IsTransient(ex) && circuit.CircuitState != CircuitState.Open);
        return new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = _options.TotalTimeout })
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = retryable,
                MaxRetryAttempts = Math.Max(1, _options.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
                MaxDelay = _options.MaxRetryAfter,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Exception)),
                OnRetry = args =>
                {
                    _log.LogWarning(
                        "LLM call to {Endpoint} ({Model}) failed: {Problem}; retry {Attempt} of {MaxRetries} in {DelayMs} ms",
                        _options.EndpointForDisplay,
                        _options.Model,
                        Describe(args.Outcome.Exception),
                        args.AttemptNumber + 1,
                        _options.MaxRetries,
                        Math.Round(args.RetryDelay.TotalMilliseconds));
                    return default;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                StateProvider = circuit,
                // Half the recent attempts failing, once there are enough of them: an earlier success
                // must not keep a server that has since died "healthy" (a ratio of 1.0 would).
                FailureRatio = 0.5,
                MinimumThroughput = _options.BreakAfterFailures,
                SamplingDuration = _options.TotalTimeout + _options.TotalTimeout,
                BreakDuration = _options.BreakDuration,
                OnOpened = args =>
                {
                    _whyOpen = Describe(args.Outcome.Exception);
                    _log.LogError(
                        "LLM circuit opened: {Endpoint} keeps failing ({Problem}); answers skip the LLM for {BreakSeconds} s",
                        _options.EndpointForDisplay,
                        Describe(args.Outcome.Exception),
                        args.BreakDuration.TotalSeconds);
                    return default;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions { Timeout = _options.AttemptTimeout })
            .Build();
    }

    private static bool IsTransient(Exception ex) => ex switch
    {
        ClientResultException c => c.Status is 0 or 408 or 429 or >= 500,
        TimeoutRejectedException or HttpRequestException or IOException or SocketException => true,
        _ => false,
    };

    private TimeSpan? RetryAfter(Exception? ex)
    {
        if (ex is not ClientResultException { Status: 429 or 503 } c || c.GetRawResponse() is not { } response
            || !response.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        TimeSpan wait;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            wait = TimeSpan.FromSeconds(seconds);
        }
        else if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
        {
            wait = when - _time.GetUtcNow();
        }
        else
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > _options.MaxRetryAfter ? _options.MaxRetryAfter : wait;
    }

    private static ChatMessage ToChatMessage(LlmMessage m) => m.Role switch
    {
        LlmMessage.System => new SystemChatMessage(m.Content),
        LlmMessage.Assistant => new AssistantChatMessage(m.Content),
        _ => new UserChatMessage(m.Content),
    };

    private static string Describe(Exception? ex) => ex switch
    {
        null => "no exception",
        ClientResultException c => Problem(c),
        TimeoutRejectedException t => $"no reply within {Seconds(t.Timeout)}",
        _ => ex.Message,
    };

    private static string Problem(ClientResultException ex)
    {
        if (ex.Status == 0)
        {
            var inner = ex.InnerException;
            while (inner?.InnerException is not null && inner is not SocketException)
            {
                inner = inner.InnerException;
            }

            return $"cannot connect ({inner?.Message ?? ex.Message})";
        }

        var reason = Enum.IsDefined(typeof(HttpStatusCode), ex.Status) ? ((HttpStatusCode)ex.Status).ToString() : "error";
        return string.Create(CultureInfo.InvariantCulture, $"HTTP {ex.Status} {reason}");
    }

    private static string Hint(ClientResultException ex) => ex.Status switch
    {
        401 or 403 => "; check the API key (VOICECOACH_LLM_API_KEY)",
        404 => "; check the URL (it usually ends in /v1) and that the model is pulled (`ollama pull MODEL`)",
        _ => string.Empty,
    };

    private static string Seconds(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.###} s");
}
