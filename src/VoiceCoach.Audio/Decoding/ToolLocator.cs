namespace VoiceCoach.Audio.Decoding;

/// <summary>Finds an executable on a PATH-style search list without running it.</summary>
internal static class ToolLocator
{
    public static string? Find(string name, string? searchPath = null)
    {
        var path = searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        string[] names = OperatingSystem.IsWindows() ? [name + ".exe", name] : [name];
        foreach (var dir in path.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (var candidate in names)
            {
                var full = System.IO.Path.Combine(dir, candidate);
                if (File.Exists(full) && IsExecutable(full))
                {
                    return full;
                }
            }
        }

        return null;
    }

    private static bool IsExecutable(string file)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        return (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
