using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Speech;

/// <summary>
/// eSpeak NG (`espeak-ng -w out.wav --stdin`): robotic but tiny, fast and everywhere
/// (apt-get install espeak-ng). Renders 22.05 kHz, converted to 16 kHz mono.
/// </summary>
public sealed class EspeakSynthesizer : ISpeechSynthesizer
{
    /// <summary>The name used by <see cref="SpeechSynthesizers.Create"/>.</summary>
    public const string EngineName = "espeak-ng";

    /// <summary>Uses the given espeak-ng executable.</summary>
    /// <param name="executable">Full path of espeak-ng.</param>
    /// <param name="voice">An espeak-ng voice (`-v`), e.g. "en-us"; null for the default.</param>
    /// <param name="wordsPerMinute">Speaking rate (`-s`); null for espeak-ng's default of 175.</param>
    public EspeakSynthesizer(string executable, string? voice = null, int? wordsPerMinute = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(executable);
        if (wordsPerMinute is < 80 or > 450)
        {
            throw new ArgumentOutOfRangeException(nameof(wordsPerMinute), wordsPerMinute, "espeak-ng speaks 80–450 words per minute");
        }

        Executable = executable;
        Voice = voice;
        WordsPerMinute = wordsPerMinute;
    }

    /// <inheritdoc/>
    public string Name => Voice is null ? EngineName : $"{EngineName} ({Voice})";

    /// <summary>Full path of espeak-ng.</summary>
    public string Executable { get; }

    /// <summary>The voice passed with `-v`; null for the default.</summary>
    public string? Voice { get; }

    /// <summary>The rate passed with `-s`; null for the default.</summary>
    public int? WordsPerMinute { get; }

    /// <summary>Finds espeak-ng on PATH (or <paramref name="searchPath"/>); null when it is not installed.</summary>
    public static EspeakSynthesizer? Locate(string? searchPath = null) =>
        Decoding.ToolLocator.Find(EngineName, searchPath) is { } path ? new EspeakSynthesizer(path) : null;

    /// <inheritdoc/>
    public async Task<AudioClip> SynthesizeAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var outcome = await SpeechProcess.RunAsync(EngineName, Executable, Arguments, text, "wav", null, cancellationToken);
        return SpeechProcess.Require(EngineName, outcome, text);
    }

    private IEnumerable<string> Arguments(string output)
    {
        yield return "-w";
        yield return output;
        if (Voice is not null)
        {
            yield return "-v";
            yield return Voice;
        }

        if (WordsPerMinute is { } rate)
        {
            yield return "-s";
            yield return rate.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // UTF-8 text from stdin: nothing the user typed can be taken for an option.
        yield return "-b";
        yield return "1";
        yield return "--stdin";
    }
}
