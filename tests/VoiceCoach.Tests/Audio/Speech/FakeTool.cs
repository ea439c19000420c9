using VoiceCoach.Audio.Wav;

using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Audio.Speech;

/// <summary>
/// A shell script standing in for a text-to-speech tool, in its own folder (usable as a search
/// path). It logs its arguments one per line to args.txt and its stdin to stdin.txt, runs
/// <c>body</c>, and then copies source.wav (a 22.05 kHz tone) to the path after -w or -o.
/// </summary>
internal sealed class FakeTool : IDisposable
{
    public const int SourceRate = 22_050;

    private readonly TempDirectory _directory = new();

    public FakeTool(string name, string body = "")
    {
        Executable = _directory.File(name);
        File.WriteAllText(Executable, $$"""
            #!/bin/sh
            dir="$(dirname "$0")"
            out=""
            for a in "$@"; do printf '%s\n' "$a" >> "$dir/args.txt"; done
            while [ $# -gt 0 ]; do
              case "$1" in -w|-o) shift; out="$1";; esac
              shift
            done
            cat > "$dir/stdin.txt"
            {{body}}
            cp "$dir/source.wav" "$out"

            """.ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var wav = File.Create(_directory.File("source.wav"));
        WavWriter.Write(wav, Signals.Sine(300, SourceRate, SourceRate * 3 / 2, amplitude: 0.4), SourceRate);
    }

    public string Directory => _directory.Path;

    public string Executable { get; }

    /// <summary>The arguments of every run, one per line.</summary>
    public string[] Arguments => File.ReadAllLines(_directory.File("args.txt"));

    public string Stdin => File.ReadAllText(_directory.File("stdin.txt"));

    public void Dispose() => _directory.Dispose();
}

/// <summary>A fact that runs shell scripts: skipped on Windows.</summary>
internal sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "needs /bin/sh";
        }
    }
}
