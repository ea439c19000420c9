using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Speech;

/// <summary>
/// Festival's `text2wave` with the text on stdin. Uses the natural-sounding HTS voice
/// <see cref="NaturalVoice"/> (apt-get install festival festvox-us-slt-hts) and falls back to
/// festival's default voice when that voice is missing. Renders 16–32 kHz, converted to 16 kHz
/// mono. Festival reads bytes, not Unicode: typographic quotes and dashes are made plain first.
/// </summary>
public sealed class FestivalSynthesizer : ISpeechSynthesizer
{
    /// <summary>The name used by <see cref="SpeechSynthesizers.Create"/>.</summary>
    public const string EngineName = "festival";

    /// <summary>The preferred voice: CMU ARCTIC "slt", HTS.</summary>
    public const string NaturalVoice = "cmu_us_slt_arctic_hts";

    /// <summary>Where Debian, Homebrew and source installs keep festival voices (language/voice folders).</summary>
    internal static readonly string[] VoiceRoots =
    [
        "/usr/share/festival/voices",
        "/usr/lib/festival/voices",
        "/usr/local/share/festival/voices",
        "/usr/local/lib/festival/voices",
        "/opt/homebrew/share/festival/voices",
    ];

    // Set once festival has been seen without the voice: later calls go straight to the default.
    private volatile bool _voiceMissing;

    /// <summary>Uses the given text2wave executable.</summary>
    /// <param name="executable">Full path of festival's text2wave script.</param>
    /// <param name="voice">A festival voice name (the `voice_…` function without its prefix); default <see cref="NaturalVoice"/>; null for festival's default voice.</param>
    public FestivalSynthesizer(string executable, string? voice = NaturalVoice)
    {
        ArgumentException.ThrowIfNullOrEmpty(executable);
        if (voice is not null && !IsVoiceName(voice))
        {
            throw new ArgumentException($"'{voice}' is not a festival voice name (letters, digits and _ only)", nameof(voice));
        }

        Executable = executable;
        Voice = voice;
    }

    /// <inheritdoc/>
    public string Name => Voice is null || _voiceMissing ? EngineName : $"{EngineName} ({Voice})";

    /// <summary>Full path of text2wave.</summary>
    public string Executable { get; }

    /// <summary>The voice asked for; null for festival's default.</summary>
    public string? Voice { get; }

    /// <summary>Finds text2wave on PATH (or <paramref name="searchPath"/>); null when festival is not installed.</summary>
    public static FestivalSynthesizer? Locate(string? searchPath = null) =>
        Decoding.ToolLocator.Find("text2wave", searchPath) is { } path ? new FestivalSynthesizer(path) : null;

    /// <summary>True when a voice folder named <paramref name="voice"/> is installed in one of festival's usual places.</summary>
    public static bool HasVoice(string voice = NaturalVoice) =>
        VoiceRoots.Where(Directory.Exists)
            .SelectMany(root => Directory.EnumerateDirectories(root))
            .Any(language => Directory.Exists(Path.Combine(language, voice)));

    /// <inheritdoc/>
    public async Task<AudioClip> SynthesizeAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var plain = SpeechProcess.ToPlainPunctuation(text);
        if (Voice is not null && !_voiceMissing)
        {
            var withVoice = await SpeechProcess.RunAsync(EngineName, Executable, output => Arguments(output, Voice), plain, "wav", null, cancellationToken);
            // A missing voice is "SIOD ERROR: unbound variable : voice_…" with exit code 0 and no file.
            if (withVoice.Clip is { Samples.Length: > 0 } || !withVoice.Error.Contains("unbound variable", StringComparison.Ordinal))
            {
                return SpeechProcess.Require(Name, withVoice, text);
            }

            _voiceMissing = true;
        }

        var outcome = await SpeechProcess.RunAsync(EngineName, Executable, output => Arguments(output, null), plain, "wav", null, cancellationToken);
        return SpeechProcess.Require(EngineName, outcome, text);
    }

    private static IEnumerable<string> Arguments(string output, string? voice)
    {
        yield return "-o";
        yield return output;
        if (voice is not null)
        {
            yield return "-eval";
            yield return $"(voice_{voice})";
        }
    }

    private static bool IsVoiceName(string voice) =>
        voice.Length > 0 && voice.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
