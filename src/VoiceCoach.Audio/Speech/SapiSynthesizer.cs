using System.Text;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Speech;

/// <summary>
/// Windows SAPI through Windows PowerShell (`powershell.exe`, which has System.Speech; PowerShell 7
/// does not): <c>System.Speech.Synthesis.SpeechSynthesizer.SetOutputToWaveFile</c> at 16 kHz
/// 16-bit mono. The script is passed with -EncodedCommand, the text as UTF-8 bytes on stdin and
/// the output path and voice in environment variables, so nothing the user typed is parsed by
/// PowerShell. Built in to every Windows; compiled but not exercised on Linux.
/// </summary>
public sealed class SapiSynthesizer : ISpeechSynthesizer
{
    /// <summary>The name used by <see cref="SpeechSynthesizers.Create"/>.</summary>
    public const string EngineName = "sapi";

    private const string Script = """
        $ErrorActionPreference = 'Stop'
        Add-Type -AssemblyName System.Speech
        $buffer = New-Object System.IO.MemoryStream
        [Console]::OpenStandardInput().CopyTo($buffer)
        $text = [System.Text.Encoding]::UTF8.GetString($buffer.ToArray())
        $synthesizer = New-Object System.Speech.Synthesis.SpeechSynthesizer
        try {
            if ($env:VOICECOACH_TTS_VOICE) { $synthesizer.SelectVoice($env:VOICECOACH_TTS_VOICE) }
            $format = New-Object System.Speech.AudioFormat.SpeechAudioFormatInfo(16000, [System.Speech.AudioFormat.AudioBitsPerSample]::Sixteen, [System.Speech.AudioFormat.AudioChannel]::Mono)
            $synthesizer.SetOutputToWaveFile($env:VOICECOACH_TTS_OUT, $format)
            $synthesizer.Speak($text)
        } finally {
            $synthesizer.Dispose()
        }
        """;

    private static readonly string EncodedScript = Convert.ToBase64String(Encoding.Unicode.GetBytes(Script));

    /// <summary>Uses the given Windows PowerShell executable.</summary>
    /// <param name="executable">Full path of powershell.exe.</param>
    /// <param name="voice">An installed SAPI voice, e.g. "Microsoft Zira Desktop"; null for the default.</param>
    public SapiSynthesizer(string executable, string? voice = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(executable);
        Executable = executable;
        Voice = voice;
    }

    /// <inheritdoc/>
    public string Name => Voice is null ? EngineName : $"{EngineName} ({Voice})";

    /// <summary>Full path of powershell.exe.</summary>
    public string Executable { get; }

    /// <summary>The SAPI voice; null for the default.</summary>
    public string? Voice { get; }

    /// <summary>Finds Windows PowerShell on Windows; null elsewhere or when it is missing.</summary>
    public static SapiSynthesizer? Locate(string? searchPath = null) =>
        OperatingSystem.IsWindows() && Decoding.ToolLocator.Find("powershell", searchPath) is { } path ? new SapiSynthesizer(path) : null;

    /// <inheritdoc/>
    public async Task<AudioClip> SynthesizeAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var environment = new Dictionary<string, string> { ["VOICECOACH_TTS_VOICE"] = Voice ?? "" };
        var outcome = await SpeechProcess.RunAsync(
            EngineName,
            Executable,
            _ => ["-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand", EncodedScript],
            text,
            "wav",
            environment,
            cancellationToken);
        return SpeechProcess.Require(EngineName, outcome, text);
    }
}
