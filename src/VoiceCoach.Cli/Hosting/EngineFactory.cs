using Microsoft.Extensions.Logging;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.Http;
using VoiceCoach.Speech.LanguageModel;
using VoiceCoach.Speech.Sphinx;
using VoiceCoach.Speech.Whisper;

namespace VoiceCoach.Cli.Hosting;

/// <summary>
/// Chooses and creates the transcriber. `auto` uses Whisper (our managed engine) when a whisper.cpp
/// model is found — `--model`, then models/ggml-*.bin — and PocketSphinx otherwise, the embedded
/// engine that needs no download; `--url` selects an OpenAI-compatible server (`http`). The engine
/// is named in every report.
/// </summary>
internal static class EngineFactory
{
    public static readonly IReadOnlyList<string> Engines = ["auto", "whisper", "sphinx", "http"];

    /// <summary>Preferred models when several are present: the best that is still quick on a CPU first.</summary>
    private static readonly string[] Preference =
        ["ggml-base.en.bin", "ggml-base.en-q8_0.bin", "ggml-small.en.bin", "ggml-base.en-q5_1.bin", "ggml-tiny.en.bin", "ggml-base.bin", "ggml-tiny.bin"];

    public static ITranscriber Create(EngineRequest request, ILoggerFactory logging, string workingDirectory)
    {
        var hasUrl = !string.IsNullOrWhiteSpace(request.Url);
        if (hasUrl && request.Engine is not ("http" or "auto"))
        {
            throw new CliUserException($"--url is for --engine http; drop --url or use --engine http instead of {request.Engine}");
        }

        switch (hasUrl && request.Engine == "auto" ? "http" : request.Engine)
        {
            case "http":
                if (!hasUrl)
                {
                    throw new CliUserException("--engine http: give the server with --url, e.g. --url http://127.0.0.1:8000/v1 (OpenAI-compatible) or --url http://127.0.0.1:8080/inference (whisper.cpp's server)");
                }

                var options = string.IsNullOrWhiteSpace(request.Model) ? new HttpTranscriberOptions() : new HttpTranscriberOptions { Model = request.Model.Trim() };
                return new HttpTranscriber(request.Url!, options, logger: logging.CreateLogger<HttpTranscriber>());
            case "sphinx":
                return CreateSphinx(request, logging, workingDirectory);
            case "whisper":
                var model = FindWhisperModel(request.Model, workingDirectory)
                    ?? throw new CliUserException("--engine whisper: no Whisper model; put a whisper.cpp ggml file in models/ (see models/README.md) or pass --model FILE");
                return new WhisperTranscriber(model, logger: logging.CreateLogger<WhisperTranscriber>());
            case "auto":
                var found = FindWhisperModel(request.Model, workingDirectory);
                return found is null
                    ? CreateSphinx(request, logging, workingDirectory)
                    : new WhisperTranscriber(found, logger: logging.CreateLogger<WhisperTranscriber>());
            default:
                throw new CliUserException($"--engine {request.Engine}: unknown engine; use one of {string.Join(", ", Engines)}");
        }
    }

    /// <summary>
    /// PocketSphinx with the domain language model built from prompts/ (cached in the data folder by the prompts'
    /// content hash), or with the general model alone for `--lm general`.
    /// </summary>
    private static SphinxTranscriber CreateSphinx(EngineRequest request, ILoggerFactory logging, string workingDirectory)
    {
        var options = new SphinxOptions { SecondPass = !request.Live };
        if (request.LanguageModel == "domain")
        {
            var domain = DomainLanguageModel.Ensure(
                PromptsLocator.Find(request.Prompts, workingDirectory),
                Path.Combine(Logging.DataDirectory(), "cache"),
                options.DictionaryPath,
                options.AddedWords,
                logging.CreateLogger(typeof(DomainLanguageModel).FullName!));
            options = new SphinxOptions { SecondPass = !request.Live, DomainModel = domain };
        }

        return SphinxTranscriber.Create(options, logging.CreateLogger<SphinxTranscriber>());
    }

    /// <summary>An explicit --model, else the preferred ggml-*.bin found in the model folders, else null.</summary>
    public static string? FindWhisperModel(string? explicitModel, string workingDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitModel))
        {
            return ModelLocator.Find(explicitModel, string.Empty, workingDirectory);
        }

        foreach (var dir in ModelLocator.Directories(workingDirectory).Where(Directory.Exists))
        {
            var files = Directory.GetFiles(dir, "ggml-*.bin");
            var best = Preference.Select(p => Path.Combine(dir, p)).FirstOrDefault(File.Exists)
                ?? files.Order(StringComparer.Ordinal).FirstOrDefault();
            if (best is not null)
            {
                return best;
            }
        }

        return null;
    }
}
