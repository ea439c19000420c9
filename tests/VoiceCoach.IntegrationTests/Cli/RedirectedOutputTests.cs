using System.Diagnostics;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Cli;

/// <summary>Output sent to a file or a pipe is plain text, whatever terminal the user's TERM names.</summary>
public sealed class RedirectedOutputTests
{
    [Fact]
    public void Questions_OutputRedirectedUnderAColourTerminal_HasNoEscapeCodes()
    {
        var info = new ProcessStartInfo(CliBuild.DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { CliBuild.Dll(), "questions", "list", "--round", "recruiter", "--prompts", RepoPaths.InRepo("prompts") })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["TERM"] = "xterm-256color";
        info.Environment.Remove("NO_COLOR");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("recruiter", stdout, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\u001b', stdout);
    }
}
