using System.Diagnostics;
using System.Globalization;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Cli;

/// <summary>
/// `voicecoach` as a .NET tool, as scripts/install.sh makes it: packed from the repository (prompts/ and the Silero VAD
/// weights inside), installed with `dotnet tool install` into a temporary tool path, then run from a folder with no
/// prompts/ anywhere above it, so everything it needs must come from the package.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(15);
    private readonly string _root = Directory.CreateTempSubdirectory("voicecoach-tool-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void PackedTool_InstalledIntoAToolPath_RunsHelpAndGradesWithItsOwnPromptsAndVad()
    {
        // Arrange: pack the CLI already built for these tests, and install it from that package alone.
        var feed = Directory.CreateDirectory(Path.Combine(_root, "feed")).FullName;
        var version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(CliBuild.Dll())))!;
        Run(RepoPaths.Root, CliBuild.DotnetHost(), "pack", RepoPaths.InRepo("src", "VoiceCoach.Cli"), "-c", configuration, "--no-build", "--no-restore", "-o", feed, $"-p:Version={version}", "-nologo");
        var config = Path.Combine(_root, "nuget.config");
        File.WriteAllText(config, $"""<?xml version="1.0" encoding="utf-8"?><configuration><packageSources><clear /><add key="local" value="{feed}" /></packageSources></configuration>""");
        var tools = Path.Combine(_root, "tools");
        Run(_root, CliBuild.DotnetHost(), "tool", "install", "VoiceCoach", "--tool-path", tools, "--version", version, "--configfile", config);
        var voicecoach = Path.Combine(tools, "voicecoach");
        var work = Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;
        File.Copy(RepoPaths.SharedFile("speech", "jfk", "jfk.wav"), Path.Combine(work, "jfk.wav"));
        File.WriteAllText(Path.Combine(work, "m.yaml"), """
            company: netflix
            answers:
              - question_id: netflix-recruiter-why-netflix
                audio: jfk.wav
              - question_id: netflix-recruiter-values-judgment
                transcript: "Last year at Salesforce our pipeline kept failing. My task was to cut the pages. I moved validation before training. As a result, pages dropped by 50 percent."
                duration_s: 30
            """);

        // Act
        var help = Run(work, voicecoach, "--help");
        var grade = Run(work, voicecoach, "grade", "--manifest", "m.yaml", "--out", "out", "--engine", "sphinx");

        // Assert
        Assert.Contains("voicecoach [command] [options]", help, StringComparison.Ordinal);
        Assert.Contains("grade", help, StringComparison.Ordinal);
        Assert.Contains("Report: ", grade, StringComparison.Ordinal);
        var report = File.ReadAllText(Path.Combine(work, "out", "report.md"));
        Assert.Contains("### Q1:", report, StringComparison.Ordinal);
        Assert.Contains("### Q2:", report, StringComparison.Ordinal);
        Assert.Contains("\"vad\"", File.ReadAllText(Path.Combine(work, "out", "session.json")), StringComparison.Ordinal);
    }

    /// <summary>Runs a process to its end (generously bounded) and returns its output; a non-zero exit fails the test with it.</summary>
    private string Run(string directory, string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        // A package cache of its own: nothing piles up in ~/.nuget/packages, and no older package of the same version is reused.
        info.Environment["NUGET_PACKAGES"] = Path.Combine(_root, "nuget-packages");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Generous))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)}: still running after {Generous.TotalMinutes} minutes");
        }

        var output = stdout.Result + stderr.Result;
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {process.ExitCode}:\n{output}");
        return output;
    }
}
