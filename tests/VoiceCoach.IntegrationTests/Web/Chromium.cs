using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Playwright;
using VoiceCoach.IntegrationTests.Cli;
using VoiceCoach.Testing;
using Xunit.Abstractions;

namespace VoiceCoach.IntegrationTests.Web;

/// <summary>
/// Debian's Chromium as Playwright launches it here: the system binary (browser downloads are impossible), headless,
/// a fake microphone playing a WAV file in a loop with the permission prompt answered yes, and the flags this machine
/// needs (no sandbox as root, no background networking: its closed network refuses Google's hosts).
/// </summary>
internal static class Chromium
{
    public const string Executable = "/usr/bin/chromium";

    /// <summary>Launch options; Playwright gives each launch a new empty profile.</summary>
    public static BrowserTypeLaunchOptions Options(string microphoneWav) => new()
    {
        ExecutablePath = Executable,
        Headless = true,
        Args =
        [
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            $"--use-file-for-fake-audio-capture={microphoneWav}",
            "--autoplay-policy=no-user-gesture-required",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    };
}

/// <summary>
/// A test that drives Chromium. Skipped on a developer machine without /usr/bin/chromium (or the tools the answer needs);
/// under CI (CI=true) it always runs, so a missing browser is a failure.
/// </summary>
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (RepoPaths.IsCi)
        {
            return;
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':');
        if (!File.Exists(Chromium.Executable))
        {
            Skip = $"{Chromium.Executable} missing: apt-get install chromium (bash scripts/setup.sh does; CI=true turns this skip into a failure)";
        }
        else if (!path.Any(d => File.Exists(Path.Combine(d, "text2wave"))) || !NativeLibrary.TryLoad("libpocketsphinx.so.3", out _))
        {
            Skip = "festival or PocketSphinx missing: bash scripts/setup.sh installs them (CI=true turns this skip into a failure)";
        }
    }
}

/// <summary>`voicecoach serve --no-open` as a child process: the link it prints, and a kill when done.</summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;

    private ServeProcess(Process process, Uri link)
    {
        _process = process;
        Link = link;
    }

    public Uri Link { get; }

    /// <summary>Starts serving <paramref name="prompts"/> (default: the repository's, never written to by these tests).</summary>
    public static ServeProcess Start(string work, ITestOutputHelper output, string? prompts = null)
    {
        var info = new ProcessStartInfo(CliBuild.DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = work };
        foreach (var a in new[] { CliBuild.Dll(), "serve", "--no-open", "--llm", "off", "--prompts", prompts ?? RepoPaths.InRepo("prompts"), "--sessions", Path.Combine(work, "sessions") })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["VOICECOACH_HOME"] = Path.Combine(work, "home");
        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.WriteLine($"[serve] {e.Data}");
            }
        };
        process.BeginErrorReadLine();
        var line = process.StandardOutput.ReadLineAsync();
        Uri? link = null;
        if (!line.Wait(TimeSpan.FromSeconds(120)) || line.Result is not { } first || !Uri.TryCreate(first.Trim(), UriKind.Absolute, out link))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"voicecoach serve did not print its link (got: {(line.IsCompleted ? line.Result : "nothing")})");
        }

        output.WriteLine($"[serve] {link}");
        return new ServeProcess(process, link);
    }

    /// <summary>Sends SIGTERM (what `kill PID` and service managers send) and waits up to <paramref name="wait"/>; the exit code, or null if still running.</summary>
    public int? Terminate(TimeSpan wait)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        return _process.WaitForExit(wait) ? _process.ExitCode : null;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}
