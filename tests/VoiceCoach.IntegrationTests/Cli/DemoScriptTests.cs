using System.Diagnostics;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Cli;

/// <summary>
/// README command 1 (scripts/demo.sh) run a second time: the CLI refuses a session folder that already holds a session,
/// so the script must move the earlier demo aside, never lose it, and still continue it when asked to. The script runs
/// for real against a stand-in `voicecoach` on PATH that behaves as `practice --out` does (refuses a used folder without
/// --resume) and stand-in setup.sh and install.sh, so the test needs neither a build nor the apt packages.
/// </summary>
public sealed class DemoScriptTests : IDisposable
{
    private const string StandInVoicecoach = """
        #!/usr/bin/env bash
        # Stand-in for `voicecoach practice`: records its arguments, then acts as the CLI does on --out.
        printf '%s\n' "$@" > args.txt
        out=""; resume=false; previous=""
        for a in "$@"; do
          if [ "$previous" = --out ]; then out="$a"; fi
          if [ "$a" = --resume ]; then resume=true; fi
          previous="$a"
        done
        if [ -e "$out/session.json" ] && [ "$resume" = false ]; then
          echo "$out: already holds a practice session" >&2; exit 1
        fi
        mkdir -p "$out" && echo "new" > "$out/session.json"
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("voicecoach-demo-").FullName;

    public DemoScriptTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "scripts"));
        Directory.CreateDirectory(Path.Combine(_root, "bin"));
        File.Copy(RepoPaths.InRepo("scripts", "demo.sh"), Path.Combine(_root, "scripts", "demo.sh"));
        File.WriteAllText(Path.Combine(_root, "scripts", "setup.sh"), "echo setup: ok\n");
        File.WriteAllText(Path.Combine(_root, "scripts", "install.sh"), "echo install: ok\n");
        var standIn = Path.Combine(_root, "bin", "voicecoach");
        File.WriteAllText(standIn, StandInVoicecoach.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(standIn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Directory.CreateDirectory(Path.Combine(_root, "sessions", "demo"));
        File.WriteAllText(Path.Combine(_root, "sessions", "demo", "session.json"), "old\n");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Demo_RunAgain_MovesTheEarlierSessionAsideAndStartsAFreshOne()
    {
        // Act
        var (exit, output) = RunDemo("--fast");

        // Assert
        Assert.True(exit == 0, output);
        Assert.Equal("new", File.ReadAllText(Path.Combine(_root, "sessions", "demo", "session.json")).Trim());
        var kept = Assert.Single(Directory.GetDirectories(Path.Combine(_root, "sessions"), "demo-*"));
        Assert.Equal("old", File.ReadAllText(Path.Combine(kept, "session.json")).Trim());
        Assert.Contains($"kept in sessions/{Path.GetFileName(kept)}", output, StringComparison.Ordinal);
        var args = File.ReadAllLines(Path.Combine(_root, "args.txt"));
        Assert.Equal(["--out", "sessions/demo", "--fast"], args[^3..]);
    }

    [Fact]
    public void Demo_Resume_ContinuesTheSessionInPlace()
    {
        // Act
        var (exit, output) = RunDemo("--resume");

        // Assert
        Assert.True(exit == 0, output);
        Assert.Empty(Directory.GetDirectories(Path.Combine(_root, "sessions"), "demo-*"));
        Assert.Contains("--resume", File.ReadAllLines(Path.Combine(_root, "args.txt")));
    }

    private (int Exit, string Output) RunDemo(params string[] options)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _root };
        info.ArgumentList.Add(Path.Combine(_root, "scripts", "demo.sh"));
        foreach (var o in options)
        {
            info.ArgumentList.Add(o);
        }

        info.Environment["PATH"] = Path.Combine(_root, "bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
