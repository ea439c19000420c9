using VoiceCoach.Core.Prompts;

namespace VoiceCoach.Cli.Hosting;

/// <summary>
/// Finds the prompts/ folder: --prompts, then $VOICECOACH_PROMPTS, then a prompts/ folder (holding
/// rubric.yaml) in the working directory or any parent, then the defaults shipped next to the executable.
/// </summary>
internal static class PromptsLocator
{
    public static string Find(string? explicitDir, string workingDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitDir))
        {
            return Path.GetFullPath(explicitDir, workingDirectory);
        }

        var env = Environment.GetEnvironmentVariable("VOICECOACH_PROMPTS");
        if (!string.IsNullOrWhiteSpace(env))
        {
            return Path.GetFullPath(env, workingDirectory);
        }

        for (var dir = new DirectoryInfo(workingDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "prompts");
            if (File.Exists(Path.Combine(candidate, "rubric.yaml")))
            {
                return candidate;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "prompts");
    }

    public static PromptLibrary Load(string? explicitDir, string workingDirectory) =>
        PromptLibrary.Load(Find(explicitDir, workingDirectory));
}
