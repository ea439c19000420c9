using System.Runtime.InteropServices;
using VoiceCoach.Speech.Sphinx;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Speech;

/// <summary>
/// A fact that needs PocketSphinx (libpocketsphinx3 + pocketsphinx-en-us) and sox. Skipped on a
/// developer machine without them; under CI (CI=true) it always runs, so a missing package fails
/// with the transcriber's own message naming what to install.
/// </summary>
internal sealed class SphinxFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(FindMissing);

    public SphinxFactAttribute()
    {
        if (!RepoPaths.IsCi && Missing.Value is { } missing)
        {
            Skip = $"{missing} missing: apt-get install pocketsphinx pocketsphinx-en-us sox (CI=true turns this skip into a failure)";
        }
    }

    private static string? FindMissing()
    {
        if (!NativeLibrary.TryLoad("libpocketsphinx.so.3", out _))
        {
            return "libpocketsphinx.so.3";
        }

        if (!File.Exists(Path.Combine(SphinxOptions.DebianModelDirectory, "en-us", "mdef")))
        {
            return SphinxOptions.DebianModelDirectory;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(':').Any(dir => File.Exists(Path.Combine(dir, "sox"))) ? null : "sox";
    }
}
