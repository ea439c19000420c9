using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Speech;

/// <summary>
/// macOS `say`, asked for 16 kHz 16-bit WAV (`--file-format=WAVE --data-format=LEI16@16000`)
/// rather than its default AIFF, so the built-in WAV reader needs no ffmpeg. Text on stdin
/// (`-f -`). Built in to every Mac; compiled but not exercised on Linux.
/// </summary>
public sealed class SaySynthesizer : ISpeechSynthesizer
{
    /// <summary>The name used by <see cref="SpeechSynthesizers.Create"/>.</summary>
    public const string EngineName = "say";

    /// <summary>Uses the given `say` executable.</summary>
    /// <param name="executable">Full path of say (normally /usr/bin/say).</param>
    /// <param name="voice">A voice from `say -v ?`, e.g. "Samantha"; null for the system voice.</param>
    public SaySynthesizer(string executable, string? voice = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(executable);
        Executable = executable;
        Voice = voice;
    }

    /// <inheritdoc/>
    public string Name => Voice is null ? EngineName : $"{EngineName} ({Voice})";

    /// <summary>Full path of say.</summary>
    public string Executable { get; }

    /// <summary>The voice passed with `-v`; null for the system voice.</summary>
    public string? Voice { get; }

    /// <summary>Finds say on macOS; null elsewhere or when it is missing.</summary>
    public static SaySynthesizer? Locate(string? searchPath = null) =>
        OperatingSystem.IsMacOS() && Decoding.ToolLocator.Find(EngineName, searchPath) is { } path ? new SaySynthesizer(path) : null;

    /// <inheritdoc/>
    public async Task<AudioClip> SynthesizeAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var outcome = await SpeechProcess.RunAsync(EngineName, Executable, Arguments, text, "wav", null, cancellationToken);
        return SpeechProcess.Require(EngineName, outcome, text);
    }

    private IEnumerable<string> Arguments(string output)
    {
        yield return "-o";
        yield return output;
        yield return "--file-format=WAVE";
        yield return "--data-format=LEI16@16000";
        if (Voice is not null)
        {
            yield return "-v";
            yield return Voice;
        }

        yield return "-f";
        yield return "-";
    }
}
