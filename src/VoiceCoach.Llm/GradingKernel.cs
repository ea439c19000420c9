using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using VoiceCoach.Core.Grading;

namespace VoiceCoach.Llm;

/// <summary>
/// The LLM reviewer on Semantic Kernel: one <see cref="Kernel"/> with the chat service, the two grading
/// functions made from prompts/grading (answer-feedback.yaml, session-summary.yaml) through
/// <see cref="HandlebarsPromptTemplateFactory"/>, and the filters, outermost first: timing, the grade bound,
/// the reply's schema (with its one repair) for function calls; the transcript's escaping and the repair
/// messages for rendering. <see cref="Create(LlmOptions, GradingPrompts, RubricSettings, ILoggerFactory, TimeProvider, HttpMessageHandler?)"/>
/// calls any OpenAI-compatible server through SK's OpenAI connector on an HttpClient with the
/// resilience pipeline (<see cref="LlmHttpClient"/>). One per run, shared by every answer (the circuit
/// breaker's memory is the point); thread-safe; dispose it to release the HTTP connections.
/// </summary>
public sealed class GradingKernel : IDisposable
{
    private readonly Kernel _kernel;
    private readonly HttpClient? _http;
    private readonly LlmOptions? _options;
    private readonly LlmCircuit _circuit;
    private readonly ILoggerFactory _logging;
    private readonly Dictionary<KernelFunction, PromptTemplateFile> _files = [];

    private GradingKernel(string model, Func<ILoggerFactory, IChatCompletionService> chat, ILoggerFactory logging, HttpClient? http = null, LlmOptions? options = null, LlmCircuit? circuit = null)
    {
        Model = model;
        _logging = SemanticKernelLogging.Wrap(logging);
        _kernel = Build(chat(_logging), model, _logging);
        _http = http;
        _options = options;
        _circuit = circuit ?? new LlmCircuit();
    }

    /// <summary>The model asked for, for reports.</summary>
    public string Model { get; }

    /// <summary>The per-answer function (answer-feedback.yaml).</summary>
    public KernelFunction Answer { get; private set; } = null!;

    /// <summary>The session overview function (session-summary.yaml).</summary>
    public KernelFunction Session { get; private set; } = null!;

    /// <summary>
    /// The grader for an OpenAI-compatible server at <see cref="LlmOptions.Endpoint"/>. Every wait (timeouts,
    /// back-off, Retry-After, the open circuit) runs on <paramref name="time"/>. <paramref name="transport"/> is
    /// the innermost HTTP handler: null for the network; tests pass a scripted one.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is out of range (names it).</exception>
    /// <exception cref="Core.Prompts.PromptFileException">A prompt's schema lacks a field VoiceCoach reads, or its template does not compile.</exception>
    public static GradingKernel Create(LlmOptions options, GradingPrompts prompts, RubricSettings rubric, ILoggerFactory logging, TimeProvider time, HttpMessageHandler? transport = null)
    {
        options.Validate();
        var circuit = new LlmCircuit();
        var http = LlmHttpClient.Create(options, circuit, time, logging.CreateLogger<GradingKernel>(), transport);
        GradingKernel? kernel = null;
        try
        {
            // SK's standard constructor: the endpoint is the HttpClient's base address; a local server needs no key.
            kernel = new GradingKernel(
                options.Model,
                skLogging => new OpenAIChatCompletionService(options.Model, options.ApiKey ?? string.Empty, httpClient: http, loggerFactory: skLogging),
                logging,
                http,
                options,
                circuit);
            kernel.AddFunctions(prompts, rubric, options.MaxReplyChars, time, logging, settings => ServerDialect.Adapt(settings, options.Endpoint));
            return kernel;
        }
        catch
        {
            if (kernel is null)
            {
                http.Dispose();
            }

            kernel?.Dispose();
            throw;
        }
    }

    /// <summary>The grader on any chat service (tests use a scripted one); it owns nothing of the caller's.</summary>
    public static GradingKernel Create(IChatCompletionService chat, string model, GradingPrompts prompts, RubricSettings rubric, ILoggerFactory logging, TimeProvider time, int maxReplyChars = 20_000)
    {
        var kernel = new GradingKernel(model, _ => chat, logging);
        kernel.AddFunctions(prompts, rubric, maxReplyChars, time, logging, s => s);
        return kernel;
    }

    /// <summary>Runs a grading function; the reply has matched its schema and, for answers, the grade is bounded.</summary>
    /// <exception cref="LlmException">The server could not be used or kept replying with something unusable (says why).</exception>
    /// <exception cref="Core.Prompts.PromptFileException">The prompt cannot be rendered with these arguments (names file, line and variable).</exception>
    public async Task<StructuredReply> InvokeAsync(KernelFunction function, KernelArguments arguments, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _kernel.InvokeAsync(function, arguments, cancellationToken);
            return result.GetValue<StructuredReply>() ?? throw new InvalidOperationException($"{function.Name}: the structured reply filter did not run");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (PromptTemplateException ex)
        {
            throw _files[function].Error(ex);
        }
        catch (Exception ex) when (ex is not LlmException && _options is not null && LlmFailure.Explain(ex, _options, _circuit) is { } why)
        {
            throw new LlmException(why, ex);
        }
    }

    public void Dispose()
    {
        _http?.Dispose();
        _logging.Dispose();
    }

    /// <summary>A kernel with the chat service under its model's name too, so execution settings keyed by the model apply.</summary>
    internal static Kernel Build(IChatCompletionService chat, string model, ILoggerFactory logging)
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(logging);
        builder.Services.AddSingleton(chat);
        builder.Services.AddKeyedSingleton(model, chat);
        return builder.Build();
    }

    private void AddFunctions(GradingPrompts prompts, RubricSettings rubric, int maxReplyChars, TimeProvider time, ILoggerFactory logging, Func<OpenAIPromptExecutionSettings, OpenAIPromptExecutionSettings> adapt)
    {
        prompts.Answer.RequireOutputFields(LlmAnswerGrader.ReplyFields);
        prompts.Session.RequireOutputFields(LlmSessionReviewer.ReplyFields);
        var reply = new StructuredReplyFilter(maxReplyChars, json => GradeBoundFilter.CheckProposedGrade(rubric, json));
        _kernel.FunctionInvocationFilters.Add(new TimingFilter(time, logging.CreateLogger<TimingFilter>()));
        _kernel.FunctionInvocationFilters.Add(new GradeBoundFilter(rubric));
        _kernel.FunctionInvocationFilters.Add(reply);
        _kernel.PromptRenderFilters.Add(new TranscriptEscapingFilter());
        _kernel.PromptRenderFilters.Add(reply);
        Answer = Function(prompts.Answer, adapt);
        Session = Function(prompts.Session, adapt);
    }

    private KernelFunction Function(PromptTemplateFile prompt, Func<OpenAIPromptExecutionSettings, OpenAIPromptExecutionSettings> adapt)
    {
        try
        {
            var function = KernelFunctionFactory.CreateFromPrompt(prompt.ConfigWith(adapt), new HandlebarsPromptTemplateFactory(), _logging);
            _files[function] = prompt;
            return function;
        }
        catch (PromptTemplateException ex)
        {
            throw prompt.Error(ex);
        }
    }
}
