using Microsoft.Extensions.Logging;
using Spectre.Console;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Embeddings;
using VoiceCoach.Grading.Reports;
using VoiceCoach.Grading.Semantics;

namespace VoiceCoach.Cli.Hosting;

/// <summary>What to transcribe with, as chosen on the command line.</summary>
/// <param name="Engine">auto, sphinx, whisper, whisper.net or http.</param>
/// <param name="Model">A ggml model path or name for Whisper; null to search models/.</param>
/// <param name="Url">The server for the http engine.</param>
internal sealed record EngineRequest(string Engine, string? Model = null, string? Url = null)
{
    /// <summary>PocketSphinx's language model: "domain" (general + domain model from prompts/) or "general".</summary>
    public string LanguageModel { get; init; } = "domain";

    /// <summary>The --prompts folder the domain model is built from; null to look for it as every command does.</summary>
    public string? Prompts { get; init; }

    /// <summary>The domain model's interpolation weight for PocketSphinx; null for <see cref="Speech.Sphinx.SphinxOptions.DomainWeight"/>'s default.</summary>
    public double? DomainWeight { get; init; }

    /// <summary>How many contexts the domain model writes each company term in; null for <see cref="Speech.LanguageModel.KeyTermContexts.DefaultCount"/>.</summary>
    public int? TermContexts { get; init; }

    /// <summary>How many times as likely the domain model makes the company packs' one-word terms; null for none (1).</summary>
    public double? TermBoost { get; init; }

    /// <summary>Words per filler in the domain model's filler copy of each sentence; null for <see cref="Speech.LanguageModel.CorpusFillers.DefaultSpacing"/>.</summary>
    public int? LmFillerSpacing { get; init; }

    /// <summary>What the domain model's text holds ("eval=typed,misconceptions=off"); null for <see cref="Speech.LanguageModel.DomainTextOptions.Default"/>.</summary>
    public string? LmText { get; init; }

    /// <summary>Further PocketSphinx decoder arguments ("-lw 8 -wip 0.5"), for measuring settings; empty for none.</summary>
    public IReadOnlyList<string> DecoderArguments { get; init; } = [];

    /// <summary>
    /// PocketSphinx's speaker adaptation: a profile folder, "none", or null for the default profile
    /// (<see cref="EngineFactory.DefaultVoiceProfile"/>) when one has been enrolled.
    /// </summary>
    public string? VoiceProfile { get; init; }

    /// <summary>PocketSphinx's filler pass: "on", "off" or settings (<see cref="Speech.Sphinx.SphinxFillerOptions.Parse"/>).</summary>
    public string FillerPass { get; init; } = "on";

    /// <summary>Noise suppression before PocketSphinx: "off", "on" or settings (<see cref="Speech.Sphinx.NoiseSuppressorOptions.Parse"/>).</summary>
    public string Denoise { get; init; } = "on";

    /// <summary>Whether each clip starts from the decoder's initial cepstral mean (<see cref="Speech.Sphinx.SphinxOptions.ResetCepstralMean"/>).</summary>
    public bool ResetCepstralMean { get; init; } = true;

    /// <summary>Where PocketSphinx writes its own log (<see cref="Speech.Sphinx.SphinxOptions.LogFile"/>); null for none.</summary>
    public string? SphinxLogFile { get; init; }
}

/// <summary>
/// The services command handlers use, injected so tests can replace the console, the clock,
/// the audio reader and the transcriber. The CLI owns and disposes what it creates.
/// </summary>
internal sealed record CliServices
{
    public required IAnsiConsole Console { get; init; }

    /// <summary>Plain output for machine-readable text (JSON), without markup processing.</summary>
    public required TextWriter Out { get; init; }

    public required TimeProvider Time { get; init; }

    public required ILoggerFactory Logging { get; init; }

    /// <summary>Where the log file is, for error messages.</summary>
    public required string LogPath { get; init; }

    /// <summary>The working directory (where prompts/, models/, sessions/ are looked for).</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>Reads any audio file into the internal 16 kHz mono format.</summary>
    public required Func<string, CancellationToken, Task<AudioClip>> LoadAudioAsync { get; init; }

    /// <summary>The keyboard for interactive commands (practice); null for the terminal's.</summary>
    public Practice.IPracticeKeys? Keys { get; init; }

    /// <summary>How long writing a session waits for another command writing the same folder.</summary>
    public TimeSpan SessionLockWait { get; init; } = SessionFolder.DefaultLockWait;

    /// <summary>Creates the transcriber for a request; the caller disposes it if it is disposable.</summary>
    public required Func<EngineRequest, ITranscriber> CreateTranscriber { get; init; }

    /// <summary>The grader's sentence encoder: one per process, loaded on first use (<see cref="SharedEncoder"/>).</summary>
    public Func<ISentenceEncoder> SentenceEncoder { get; init; } = () => SharedEncoder.Instance;

    /// <summary>The grader's semantic layer for a prompts library (its classifier and question banks, the shared encoder).</summary>
    /// <exception cref="PromptFileException">classifier/star-classifier.json is missing or broken.</exception>
    public SemanticModel Semantic(PromptLibrary library) => SemanticModel.Load(library, SentenceEncoder());
}

/// <summary>
/// The process's one all-MiniLM-L6-v2 encoder (about a second of CPU to load, 90 MB), created on first use and
/// disposed by Program.cs at exit. Thread-safe.
/// </summary>
internal static class SharedEncoder
{
    private static readonly Lazy<MiniLmSentenceEncoder> LazyEncoder = new(() => MiniLmSentenceEncoder.Load(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static MiniLmSentenceEncoder Instance => LazyEncoder.Value;

    /// <summary>Disposes the encoder if it was loaded.</summary>
    public static void DisposeIfLoaded()
    {
        if (LazyEncoder.IsValueCreated)
        {
            LazyEncoder.Value.Dispose();
        }
    }
}
