using System.CommandLine;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Calibration;
using VoiceCoach.Grading.Semantics;
using VoiceCoach.Llm;

namespace VoiceCoach.Cli.Commands;

/// <summary>
/// The LLM reviewer options shared by grade, regrade, practice and prompts eval: --llm URL|off,
/// --llm-model, --llm-key-env, --llm-config. Resolution, first found wins: the option, then
/// $VOICECOACH_LLM_URL / $VOICECOACH_LLM_MODEL, then the llm: section of the config file
/// (--llm-config, else ./voicecoach.yaml, else $VOICECOACH_HOME/config.yaml). No URL anywhere means
/// rubric only: nothing goes over the network unless an LLM is configured.
/// </summary>
internal sealed class LlmCliOptions
{
    public const string UrlVariable = "VOICECOACH_LLM_URL";
    public const string ModelVariable = "VOICECOACH_LLM_MODEL";
    public const string KeyVariable = "VOICECOACH_LLM_API_KEY";
    public const string ConfigName = "voicecoach.yaml";

    public Option<string?> Url { get; } = new("--llm")
    {
        Description = $"LLM reviewer: an OpenAI-compatible base URL (Ollama: http://127.0.0.1:11434/v1) or 'off' for rubric only. Default: ${UrlVariable}, then llm.url in {ConfigName}, else off.",
    };

    public Option<string?> Model { get; } = new("--llm-model")
    {
        Description = $"Model name for the LLM reviewer. Default: ${ModelVariable}, then llm.model in {ConfigName}, else llama3.2.",
    };

    public Option<string?> KeyEnv { get; } = new("--llm-key-env")
    {
        Description = $"Environment variable holding the API key (never pass a key on the command line). Default: {KeyVariable}, then OPENAI_API_KEY.",
    };

    public Option<string?> Config { get; } = new("--llm-config")
    {
        Description = $"A YAML file with an llm: section (url, model, api_key_env, attempt_timeout_s, total_timeout_s, retries, …). Default: ./{ConfigName}, else $VOICECOACH_HOME/config.yaml.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(Model);
        command.Options.Add(KeyEnv);
        command.Options.Add(Config);
    }

    /// <summary>The LLM options, or null for rubric only.</summary>
    /// <exception cref="CliUserException">A bad URL, setting or config file path.</exception>
    public LlmOptions? Resolve(ParseResult parse, CliServices services)
    {
        var config = ReadConfig(parse, services);
        var url = parse.GetValue(Url) ?? Env(UrlVariable) ?? config?.Url;
        if (string.IsNullOrWhiteSpace(url) || string.Equals(url.Trim(), "off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var endpoint))
        {
            throw new CliUserException($"--llm {url}: not a URL; pass the server's OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1, or 'off'");
        }

        var keyEnv = parse.GetValue(KeyEnv) ?? config?.ApiKeyEnv;
        var key = keyEnv is not null ? Env(keyEnv) : Env(KeyVariable) ?? Env("OPENAI_API_KEY");
        if (keyEnv is not null && key is null)
        {
            throw new CliUserException($"--llm-key-env {keyEnv}: that environment variable is not set; export it with the API key, or drop the option for a server without keys");
        }

        var options = new LlmOptions { Endpoint = endpoint, ApiKey = key };
        var model = parse.GetValue(Model) ?? Env(ModelVariable) ?? config?.Model;
        if (model is not null)
        {
            options = options with { Model = model };
        }

        if (config is not null)
        {
            options = config.ApplyTo(options);
        }

        try
        {
            return options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CliUserException(ex.Message);
        }
    }

    /// <summary>
    /// The graders for a run: rubric only, or rubric + LLM reviewer with the coach's grading prompts
    /// (loaded and test-rendered now, so a broken prompt fails before anything is graded). Dispose it
    /// when the run is over. The semantic layer is the one given (serve's, shared by its sessions) or one made now.
    /// </summary>
    public async Task<GraderSetup> CreateGraderAsync(ParseResult parse, CliServices services, PromptLibrary library, CompanyPack pack, string sessionId, CancellationToken cancellationToken, SemanticModel? semantic = null)
    {
        var llm = Resolve(parse, services);
        semantic ??= services.Semantic(library);
        var rubric = new RubricGrader(library.Rubric, pack, semantic, Calibration(services, library));
        return llm is null ? GraderSetup.RubricOnly(rubric, semantic) : await GraderSetup.WithLlmAsync(llm, services, library, pack, rubric, semantic, sessionId, cancellationToken);
    }

    /// <summary>
    /// The calibration weights (prompts/grading/calibration.json) when the coach trained some; an unusable file (not
    /// JSON, another feature list or grade scale) is named in a warning and the plain rubric grades: a broken weights
    /// file must not stop a practice session.
    /// </summary>
    internal static GradeCalibration? Calibration(CliServices services, PromptLibrary library)
    {
        try
        {
            return GradeCalibration.LoadIfPresent(library.Directory, Path.GetRelativePath(services.WorkingDirectory, library.Directory), library.Rubric);
        }
        catch (CalibrationException ex)
        {
            services.Console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(ex.Message)}. Grading with the plain rubric.");
            return null;
        }
    }

    private LlmConfigFile? ReadConfig(ParseResult parse, CliServices services)
    {
        var explicitPath = parse.GetValue(Config);
        string? path;
        if (explicitPath is not null)
        {
            path = Path.GetFullPath(explicitPath, services.WorkingDirectory);
            if (!File.Exists(path))
            {
                throw new CliUserException($"--llm-config {explicitPath}: file not found");
            }
        }
        else
        {
            path = new[] { Path.Combine(services.WorkingDirectory, ConfigName), Path.Combine(Logging.DataDirectory(), "config.yaml") }.FirstOrDefault(File.Exists);
        }

        if (path is null)
        {
            return null;
        }

        using var reader = new StreamReader(path);
        return LlmConfigFile.Load(reader, Path.GetRelativePath(services.WorkingDirectory, path));
    }

    private static string? Env(string name)
    {
        var v = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(v) ? null : v;
    }
}

/// <summary>
/// What grades a run: the per-answer grader, the optional session reviewer and the header's name; the rubric grader
/// underneath (which the LLM grader runs first) and its semantic layer (for warming up before a session).
/// Owns the LLM reviewer's kernel (its HTTP connections and circuit breaker) when there is one; the semantic layer
/// belongs to the process (<see cref="CliServices"/>).
/// </summary>
internal sealed record GraderSetup(IAnswerGrader Answers, ISessionReviewer? Reviewer, string Name, LlmOptions? Llm, RubricGrader Rubric, SemanticModel Semantic) : IDisposable
{
    public const string RubricName = "VoiceCoach rubric (deterministic)";

    private GradingKernel? Kernel { get; init; }

    public static GraderSetup RubricOnly(RubricGrader rubric, SemanticModel semantic) => new(rubric, null, NameOf(rubric), null, rubric, semantic);

    /// <summary>The grade's source as the report and session.json name it: "VoiceCoach rubric (deterministic) + calibration trained on 183 labelled answers".</summary>
    public static string NameOf(RubricGrader rubric) => rubric.Calibration is { } c ? $"{RubricName} + {c.Source}" : RubricName;

    public static async Task<GraderSetup> WithLlmAsync(LlmOptions llm, CliServices services, PromptLibrary library, CompanyPack pack, RubricGrader rubric, SemanticModel semantic, string sessionId, CancellationToken cancellationToken)
    {
        var prompts = GradingPrompts.Load(library.Directory);
        PromptSamples.CheckGradeLetters(prompts.Answer, library.Rubric);
        await PromptSamples.RenderAsync(prompts.Answer, rubric, library.Rubric, pack, services.Time, cancellationToken);
        await PromptSamples.RenderAsync(prompts.Session, rubric, library.Rubric, pack, services.Time, cancellationToken);
        var kernel = GradingKernel.Create(llm, prompts, library.Rubric, services.Logging, services.Time);
        var answers = new LlmAnswerGrader(rubric, library.Rubric, pack, kernel, services.Logging.CreateLogger<LlmAnswerGrader>()) { SessionId = sessionId };
        var reviewer = new LlmSessionReviewer(kernel, services.Logging.CreateLogger<LlmSessionReviewer>());
        services.Logging.CreateLogger("llm").LogInformation("LLM reviewer {Model} at {Endpoint} for session {Session}, on Semantic Kernel", llm.Model, llm.EndpointForDisplay, sessionId);
        return new GraderSetup(answers, reviewer, $"{NameOf(rubric)} + LLM reviewer ({llm.Model} at {llm.EndpointForDisplay})", llm, rubric, semantic) { Kernel = kernel };
    }

    public SessionGrader SessionGrader(RubricSettings rubric, CompanyPack pack, TimeProvider time) =>
        new(Answers, rubric, pack, time) { GraderName = Name, Reviewer = Reviewer };

    public void Dispose() => Kernel?.Dispose();
}
