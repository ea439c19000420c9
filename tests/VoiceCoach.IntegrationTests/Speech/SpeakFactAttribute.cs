using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Speech;

/// <summary>
/// A fact that runs a real text-to-speech tool. Skipped on a developer machine without it; under
/// CI (CI=true) it always runs, so a missing tool fails with the synthesizer's own message naming
/// what to install.
/// </summary>
internal sealed class SpeakFactAttribute : FactAttribute
{
    public SpeakFactAttribute(params string[] tools)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var missing = tools.Where(tool => !path.Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, tool)))).ToArray();
        if (!RepoPaths.IsCi && missing.Length > 0)
        {
            Skip = $"{string.Join(", ", missing)} missing: apt-get install festival festvox-us-slt-hts espeak-ng (CI=true turns this skip into a failure)";
        }
    }
}
