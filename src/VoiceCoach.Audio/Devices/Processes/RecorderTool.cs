using VoiceCoach.Audio.Decoding;

namespace VoiceCoach.Audio.Devices.Processes;

/// <summary>
/// A command-line recorder/player and how to make it read or write raw 16 kHz mono S16_LE on
/// stdin/stdout. The tool does any rate conversion; the device argument may be null (default).
/// </summary>
/// <param name="Name">"arecord", "parecord", "sox" or "ffmpeg".</param>
/// <param name="Executable">Full path of the capture program.</param>
/// <param name="PlayExecutable">Full path of the matching player; null when none is installed.</param>
internal sealed record RecorderTool(string Name, string Executable, string? PlayExecutable)
{
    /// <summary>The tools tried, in order, for this operating system.</summary>
    public static IReadOnlyList<string> Preference => OperatingSystem.IsMacOS()
        ? ["sox", "ffmpeg"]
        : ["arecord", "parecord", "sox", "ffmpeg"];

    /// <summary>Finds <paramref name="name"/>, or the first installed tool when it is null.</summary>
    public static RecorderTool? Locate(string? name, string? searchPath = null)
    {
        foreach (var candidate in name is null ? Preference : [name])
        {
            var executable = ToolLocator.Find(candidate, searchPath);
            if (executable is null)
            {
                continue;
            }

            var player = candidate switch
            {
                "arecord" => ToolLocator.Find("aplay", searchPath),
                "parecord" => ToolLocator.Find("paplay", searchPath),
                "ffmpeg" => ToolLocator.Find("ffplay", searchPath),
                _ => executable,
            };
            return new RecorderTool(candidate, executable, player);
        }

        return null;
    }

    /// <summary>Arguments that capture raw 16 kHz mono S16_LE to stdout.</summary>
    public string[] CaptureArguments(string? device) => Name switch
    {
        "arecord" => ["-q", "-D", device ?? "default", "-f", "S16_LE", "-c", "1", "-r", "16000", "-t", "raw"],
        "parecord" => [.. (device is null ? Array.Empty<string>() : ["--device=" + device]), "--raw", "--format=s16le", "--rate=16000", "--channels=1"],
        // Input options before -d ask the device for 16 kHz mono 16-bit; sox converts whatever it grants.
        "sox" => ["-q", "-b", "16", "-e", "signed-integer", "-c", "1", "-r", "16000", "-d", "-t", "raw", "-e", "signed-integer", "-b", "16", "-L", "-c", "1", "-r", "16000", "-"],
        _ => OperatingSystem.IsMacOS()
            ? ["-nostdin", "-loglevel", "error", "-f", "avfoundation", "-i", ":" + (device ?? "0"), "-ac", "1", "-ar", "16000", "-f", "s16le", "-"]
            : ["-nostdin", "-loglevel", "error", "-f", "alsa", "-i", device ?? "default", "-ac", "1", "-ar", "16000", "-f", "s16le", "-"],
    };

    /// <summary>Arguments that play raw 16 kHz mono S16_LE from stdin.</summary>
    public string[] PlayArguments(string? device) => Name switch
    {
        "arecord" => ["-q", "-D", device ?? "default", "-f", "S16_LE", "-c", "1", "-r", "16000", "-t", "raw"],
        "parecord" => [.. (device is null ? Array.Empty<string>() : ["--device=" + device]), "--raw", "--format=s16le", "--rate=16000", "--channels=1"],
        "sox" => ["-q", "-t", "raw", "-e", "signed-integer", "-b", "16", "-L", "-c", "1", "-r", "16000", "-", "-d"],
        _ => ["-nodisp", "-autoexit", "-loglevel", "error", "-f", "s16le", "-ar", "16000", "-i", "-"],
    };

    /// <summary>sox takes its device from AUDIODEV rather than an argument.</summary>
    public IEnumerable<KeyValuePair<string, string>> Environment(string? device) =>
        Name == "sox" && device is not null ? [new("AUDIODEV", device)] : [];
}
