using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Speech;

/// <summary>
/// Chooses a text-to-speech engine, for `--voice`. Automatic choice, best first: festival with
/// the natural slt voice, espeak-ng, festival with its default voice, then the OS's own (`say` on
/// macOS, SAPI on Windows). A name picks that engine whatever is preferred.
/// </summary>
public static class SpeechSynthesizers
{
    /// <summary>The name that means "the best installed engine" (as does null or empty).</summary>
    public const string Auto = "auto";

    /// <summary>Every engine name <see cref="Create"/> accepts besides <see cref="Auto"/>.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [FestivalSynthesizer.EngineName, EspeakSynthesizer.EngineName, SaySynthesizer.EngineName, SapiSynthesizer.EngineName];

    /// <summary>The installed engines, in the order automatic choice tries them.</summary>
    /// <param name="searchPath">A PATH-style list to look for tools in; null for PATH.</param>
    public static IReadOnlyList<string> Available(string? searchPath = null)
    {
        var festival = FestivalSynthesizer.Locate(searchPath) is not null;
        var natural = festival && FestivalSynthesizer.HasVoice();
        var names = new List<string>();
        if (natural)
        {
            names.Add(FestivalSynthesizer.EngineName);
        }

        if (EspeakSynthesizer.Locate(searchPath) is not null)
        {
            names.Add(EspeakSynthesizer.EngineName);
        }

        if (festival && !natural)
        {
            names.Add(FestivalSynthesizer.EngineName);
        }

        if (SaySynthesizer.Locate(searchPath) is not null)
        {
            names.Add(SaySynthesizer.EngineName);
        }

        if (SapiSynthesizer.Locate(searchPath) is not null)
        {
            names.Add(SapiSynthesizer.EngineName);
        }

        return names;
    }

    /// <summary>
    /// The engine called <paramref name="name"/> (case-insensitive), or the best installed one for
    /// null, empty or <see cref="Auto"/>. Nothing runs until the first synthesis.
    /// </summary>
    /// <param name="name">An entry of <see cref="Names"/>, <see cref="Auto"/>, or null.</param>
    /// <param name="searchPath">A PATH-style list to look for tools in; null for PATH.</param>
    /// <exception cref="SpeechSynthesisException">Unknown name, or the engine (any engine, for auto) is not installed; the message says what to install.</exception>
    public static ISpeechSynthesizer Create(string? name = null, string? searchPath = null)
    {
        if (string.IsNullOrWhiteSpace(name) || string.Equals(name, Auto, StringComparison.OrdinalIgnoreCase))
        {
            var available = Available(searchPath);
            return available.Count > 0
                ? Create(available[0], searchPath)
                : throw new SpeechSynthesisException("no speech synthesizer", "none installed", InstallHint());
        }

        ISpeechSynthesizer? synthesizer = name.Trim().ToLowerInvariant() switch
        {
            FestivalSynthesizer.EngineName => FestivalSynthesizer.Locate(searchPath),
            EspeakSynthesizer.EngineName or "espeak" => EspeakSynthesizer.Locate(searchPath),
            SaySynthesizer.EngineName => SaySynthesizer.Locate(searchPath),
            SapiSynthesizer.EngineName => SapiSynthesizer.Locate(searchPath),
            _ => throw new SpeechSynthesisException(name, "unknown voice engine", $"choose one of {Auto}, {string.Join(", ", Names)}"),
        };
        return synthesizer ?? throw new SpeechSynthesisException(name, "not installed", InstallHint(name.Trim().ToLowerInvariant()));
    }

    /// <summary>What to install for an engine, or for any engine when <paramref name="engine"/> is null.</summary>
    internal static string InstallHint(string? engine = null) => engine switch
    {
        FestivalSynthesizer.EngineName => "apt-get install festival festvox-us-slt-hts (brew install festival on macOS)",
        EspeakSynthesizer.EngineName or "espeak" => "apt-get install espeak-ng (brew install espeak-ng on macOS)",
        SaySynthesizer.EngineName => "`say` is macOS only; use festival or espeak-ng elsewhere",
        SapiSynthesizer.EngineName => "SAPI is Windows only and needs Windows PowerShell (powershell.exe) on PATH; use espeak-ng elsewhere",
        _ when OperatingSystem.IsWindows() => "put Windows PowerShell (powershell.exe) on PATH for SAPI, or install espeak-ng",
        _ when OperatingSystem.IsMacOS() => "`say` is missing from /usr/bin; brew install espeak-ng",
        _ => "apt-get install festival festvox-us-slt-hts or espeak-ng",
    };
}
