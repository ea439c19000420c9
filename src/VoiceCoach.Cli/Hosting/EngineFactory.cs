using Microsoft.Extensions.Logging;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.Sphinx;

namespace VoiceCoach.Cli.Hosting;

/// <summary>
/// Chooses and creates the transcriber. `auto` picks the best engine available on this machine;
/// today that is PocketSphinx, the embedded engine that needs no download.
/// </summary>
internal static class EngineFactory
{
    public static readonly IReadOnlyList<string> Engines = ["auto", "sphinx"];

    public static ITranscriber Create(EngineRequest request, ILoggerFactory logging) =>
        request.Engine switch
        {
            "auto" or "sphinx" => SphinxTranscriber.Create(logger: logging.CreateLogger<SphinxTranscriber>()),
            _ => throw new CliUserException($"--engine {request.Engine}: unknown engine; use one of {string.Join(", ", Engines)}"),
        };
}
