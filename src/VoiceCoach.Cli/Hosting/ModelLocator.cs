namespace VoiceCoach.Cli.Hosting;

/// <summary>
/// Finds model files: an explicit path, then $VOICECOACH_MODELS, then models/ in the working
/// directory or a parent, then models/ next to the executable (where the VAD weights ship).
/// </summary>
internal static class ModelLocator
{
    /// <summary>The Silero VAD weights shipped with the product.</summary>
    public const string VadModelName = "silero-v6.2.0-ggml.bin";

    public static IEnumerable<string> Directories(string workingDirectory)
    {
        var env = Environment.GetEnvironmentVariable("VOICECOACH_MODELS");
        if (!string.IsNullOrWhiteSpace(env))
        {
            yield return Path.GetFullPath(env, workingDirectory);
        }

        for (var dir = new DirectoryInfo(workingDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models");
            if (Directory.Exists(candidate))
            {
                yield return candidate;
            }
        }

        yield return Path.Combine(AppContext.BaseDirectory, "models");
    }

    /// <summary>
    /// Where `models download` puts files by default: $VOICECOACH_MODELS, else the nearest models/ in
    /// the working directory or a parent (the repository's), else ./models (created by the download).
    /// </summary>
    public static string DownloadDirectory(string workingDirectory)
    {
        var env = Environment.GetEnvironmentVariable("VOICECOACH_MODELS");
        if (!string.IsNullOrWhiteSpace(env))
        {
            return Path.GetFullPath(env, workingDirectory);
        }

        for (var dir = new DirectoryInfo(workingDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(workingDirectory, "models");
    }

    /// <summary>The path of a model by explicit path or file name, or null when it is nowhere.</summary>
    public static string? Find(string? explicitPath, string fileName, string workingDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            var full = Path.GetFullPath(explicitPath, workingDirectory);
            return File.Exists(full) ? full : throw new CliUserException($"{explicitPath}: model file not found");
        }

        return Directories(workingDirectory).Select(d => Path.Combine(d, fileName)).FirstOrDefault(File.Exists);
    }

    public static string RequireVad(string? explicitPath, string workingDirectory) =>
        Find(explicitPath, VadModelName, workingDirectory)
        ?? throw new CliUserException($"{VadModelName}: VAD model not found in models/; it ships with VoiceCoach (restore it with git checkout models/{VadModelName}) or pass --vad-model");
}
