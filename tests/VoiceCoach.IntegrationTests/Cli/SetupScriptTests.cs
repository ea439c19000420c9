using System.Diagnostics;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Cli;

/// <summary>
/// scripts/setup.sh while another package manager holds the apt lock (unattended upgrades on a fresh machine): it
/// must wait, bounded and saying so, instead of failing at once. Runs the real script against stand-ins for
/// dpkg-query (a package is missing), apt-get (locked the first times), sudo and sleep (instant) on PATH.
/// </summary>
public sealed class SetupScriptTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("voicecoach-setup-").FullName;

    public SetupScriptTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "bin"));
        StandIn("dpkg-query", "[ \"$3\" = tmux ] && exit 1; printf 'install ok installed'");
        StandIn("sudo", "exec \"$@\"");
        StandIn("sleep", "exit 0");
        StandIn("apt-get", """
            n=$(cat "$ROOT/calls" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" > "$ROOT/calls"; echo "$*" >> "$ROOT/apt.log"
            if [ "$n" -le "$LOCKED_CALLS" ]; then
              echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (unattended-upgr)" >&2
              echo "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?" >&2
              exit 100
            fi
            exit 0
            """);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Setup_AptLockHeldForAWhile_WaitsSayingSoThenInstalls()
    {
        var (exit, output) = RunSetup(lockedCalls: 3, waitSeconds: 600);

        Assert.True(exit == 0, output);
        Assert.Contains("setup: another package manager holds the apt lock (held by process 4242 (unattended-upgr)); waiting for it (up to 600 s)", output, StringComparison.Ordinal);
        Assert.Contains("setup: installing tmux", output, StringComparison.Ordinal);
        Assert.Contains("setup: ok", output, StringComparison.Ordinal);
        var calls = File.ReadAllLines(Path.Combine(_root, "apt.log"));
        Assert.Equal(5, calls.Length); // 3 locked, then update and install
        Assert.StartsWith("install -y", calls[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Setup_AptLockNeverReleased_GivesUpAfterTheBoundWithOneLine()
    {
        var (exit, output) = RunSetup(lockedCalls: 1000, waitSeconds: 20);

        Assert.NotEqual(0, exit);
        Assert.Contains("setup: the apt lock is still held after 20 s (held by process 4242 (unattended-upgr)); let it finish, then run this again", output, StringComparison.Ordinal);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(_root, "apt.log")).Length); // tries every 5 s: 0, 5, 10, 15, 20
    }

    private void StandIn(string name, string body)
    {
        var path = Path.Combine(_root, "bin", name);
        File.WriteAllText(path, "#!/usr/bin/env bash\n" + body.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private (int Exit, string Output) RunSetup(int lockedCalls, int waitSeconds)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _root };
        info.ArgumentList.Add(RepoPaths.InRepo("scripts", "setup.sh"));
        info.Environment["PATH"] = Path.Combine(_root, "bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        info.Environment["ROOT"] = _root;
        info.Environment["LOCKED_CALLS"] = lockedCalls.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["VOICECOACH_APT_WAIT_S"] = waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
