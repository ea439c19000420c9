using Microsoft.Extensions.Logging;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.Sphinx;
using VoiceCoach.Speech.Whisper;

namespace VoiceCoach.Cli.Hosting;

/// <summary>
/// Chooses and creates the transcriber. `auto` uses Whisper (our managed engine) when a whisper.cpp
/// model is found — `--model`, then models/ggml-*.bin — and PocketSphinx otherwise, the embedded
/// engine that needs no download. The engine is named in every report.
/// </summary>
internal static class EngineFactory
{
    public static readonly IReadOnlyList<string> Engines = ["auto", "whisper", "sphinx"];

    /// <summary>Preferred models when several are present: the best that is still quick on a CPU first.</summary>
    private static readonly string[] Preference =
        ["ggml-base.en.bin", "ggml-base.en-q8_0.bin", "ggml-small.en.bin", "ggml-base.en-q5_1.bin", "ggml-tiny.en.bin", "ggml-base.bin", "ggml-tiny.bin"];

    public static ITranscriber Create(EngineRequest request, ILoggerFactory logging, string workingDirectory)
    {
        switch (request.Engine)
        {
            case "sphinx":
                return SphinxTranscriber.Create(logger: logging.CreateLogger<SphinxTranscriber>());
            case "whisper":
                var model = FindWhisperModel(request.Model, workingDirectory)
                    ?? throw new CliUserException("--engine whisper: no Whisper model; put a whisper.cpp ggml file in models/ (see models/README.md) or pass --model FILE");
                return new WhisperTranscriber(model, logger: logging.CreateLogger<WhisperTranscriber>());
            case "auto":
                var found = FindWhisperModel(request.Model, workingDirectory);
                return found is null
                    ? SphinxTranscriber.Create(logger: logging.CreateLogger<SphinxTranscriber>())
                    : new WhisperTranscriber(found, logger: logging.CreateLogger<WhisperTranscriber>());
            default:
                throw new CliUserException($"--engine {request.Engine}: unknown engine; use one of {string.Join(", ", Engines)}");
        }
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
