using Microsoft.Extensions.Logging;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.Adaptation;
using VoiceCoach.Speech.Http;
using VoiceCoach.Speech.LanguageModel;
using VoiceCoach.Speech.Sphinx;
using VoiceCoach.Speech.Whisper;
using VoiceCoach.Speech.WhisperNet;

namespace VoiceCoach.Cli.Hosting;

/// <summary>
/// Chooses and creates the transcriber. `auto` uses Whisper when a whisper.cpp model is found — `--model`,
/// then models/ggml-*.bin — and PocketSphinx otherwise, the embedded engine that needs no download; `--url`
/// selects an OpenAI-compatible server (`http`). Of the two Whisper engines on the same file, `auto` takes
/// Whisper.net only where it runs on a GPU (a GPU build of whisper.cpp beside the program and loaded, or Metal
/// on Apple silicon): on a CPU our managed engine is the faster (README: the engines side by side). The
/// engine is named in every report.
/// </summary>
internal static class EngineFactory
{
    public static readonly IReadOnlyList<string> Engines = ["auto", "whisper", "whisper.net", "sphinx", "http"];

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
            case "whisper.net":
                var netModel = FindWhisperModel(request.Model, workingDirectory)
                    ?? throw new CliUserException("--engine whisper.net: no Whisper model; put a whisper.cpp ggml file in models/ (see models/README.md) or pass --model FILE");
                return new WhisperNetTranscriber(netModel, logger: logging.CreateLogger<WhisperNetTranscriber>());
            case "auto":
                var found = FindWhisperModel(request.Model, workingDirectory);
                return found is null
                    ? CreateSphinx(request, logging, workingDirectory)
                    : CreateAutoWhisper(found, logging);
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
        return SphinxTranscriber.Create(SphinxOptionsFor(request, logging, workingDirectory), logging.CreateLogger<SphinxTranscriber>());
    }

    /// <summary>Where `voicecoach enroll` puts the speaker's profile unless told otherwise, and where the engines look for it.</summary>
    public static string DefaultVoiceProfile => Path.Combine(Logging.DataDirectory(), "voice", "default");

    /// <summary>PocketSphinx's options for a request: the domain model (built or read from the cache) and the voice profile.</summary>
    internal static SphinxOptions SphinxOptionsFor(EngineRequest request, ILoggerFactory logging, string workingDirectory)
    {
        var options = new SphinxOptions { DecoderArguments = request.DecoderArguments, LogFile = request.SphinxLogFile };
        var domain = request.LanguageModel != "domain"
            ? null
            : DomainLanguageModel.Ensure(
                PromptsLocator.Find(request.Prompts, workingDirectory),
                Path.Combine(Logging.DataDirectory(), "cache"),
                options.DictionaryPath,
                options.AddedWords,
                logging.CreateLogger(typeof(DomainLanguageModel).FullName!),
                termContexts: request.TermContexts ?? KeyTermContexts.DefaultCount,
                fillerSpacing: request.LmFillerSpacing ?? CorpusFillers.DefaultSpacing,
                termBoost: request.TermBoost ?? 1,
                text: DomainTextOptions.Parse(request.LmText));
        return new SphinxOptions
        {
            DomainModel = domain,
            DomainWeight = request.DomainWeight ?? options.DomainWeight,
            DecoderArguments = request.DecoderArguments,
            LogFile = request.SphinxLogFile,
            VoiceProfile = FindVoiceProfile(request.VoiceProfile, workingDirectory),
            FillerPass = SphinxFillerOptions.Parse(request.FillerPass),
            Denoise = NoiseSuppressorOptions.Parse(request.Denoise),
            ResetCepstralMean = request.ResetCepstralMean,
        };
    }

    /// <summary>"none": no profile; a folder: that profile (it must exist); null: the default profile when one was enrolled.</summary>
    private static VoiceProfile? FindVoiceProfile(string? given, string workingDirectory)
    {
        if (given is null)
        {
            return VoiceProfile.Exists(DefaultVoiceProfile) ? LoadProfile(DefaultVoiceProfile) : null;
        }

        return given.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : LoadProfile(Path.GetFullPath(given, workingDirectory));
    }

    private static VoiceProfile LoadProfile(string directory)
    {
        try
        {
            return VoiceProfile.Load(directory);
        }
        catch (VoiceAdaptationException e)
        {
            throw new CliUserException("--voice-profile " + e.Message);
        }
    }

    /// <summary>Whisper.net when a GPU build of whisper.cpp is beside the program and loads onto a GPU; the managed engine otherwise.</summary>
    private static ITranscriber CreateAutoWhisper(string model, ILoggerFactory logging)
    {
        var log = logging.CreateLogger("engine");
        if (WhisperNetRuntime.FindGpuRuntime(AppContext.BaseDirectory) is { } gpu)
        {
            try
            {
                var net = new WhisperNetTranscriber(model, logger: logging.CreateLogger<WhisperNetTranscriber>());
                if (WhisperNetRuntime.LoadedRuntimeUsesGpu)
                {
                    return net;
                }

                log.LogInformation("Whisper.net's {Gpu} build found no GPU and loaded {Runtime}; using the managed engine, faster on a CPU", gpu, net.Runtime);
                net.Dispose();
            }
            catch (TranscriptionException ex)
            {
                log.LogWarning(ex, "Whisper.net's {Gpu} build did not load; using the managed engine", gpu);
            }
        }

        return new WhisperTranscriber(model, logger: logging.CreateLogger<WhisperTranscriber>());
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
