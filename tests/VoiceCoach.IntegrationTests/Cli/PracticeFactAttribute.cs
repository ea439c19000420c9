using System.Runtime.InteropServices;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Cli;

/// <summary>
/// A fact that drives a whole practice session: tmux, festival (text2wave), sox, mkfifo, libasound2 and
/// PocketSphinx. Skipped on a developer machine without them; under CI (CI=true) it always runs, so a missing tool
/// fails the test with the tool's own error.
/// </summary>
internal sealed class PracticeFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(FindMissing);

    public PracticeFactAttribute()
    {
        if (!RepoPaths.IsCi && Missing.Value is { } missing)
        {
            Skip = $"{missing} missing: apt-get install tmux festival festvox-us-slt-hts sox libasound2 pocketsphinx pocketsphinx-en-us (CI=true turns this skip into a failure)";
        }
    }

    private static string? FindMissing()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':');
        foreach (var tool in new[] { "tmux", "text2wave", "sox", "mkfifo" })
        {
            if (!path.Any(dir => File.Exists(Path.Combine(dir, tool))))
            {
                return tool;
            }
        }

        foreach (var library in new[] { "libasound.so.2", "libpocketsphinx.so.3" })
        {
            if (!NativeLibrary.TryLoad(library, out _))
            {
                return library;
            }
        }

        return null;
    }
}
