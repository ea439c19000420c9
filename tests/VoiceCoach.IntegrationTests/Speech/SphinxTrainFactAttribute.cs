using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Speech;

/// <summary>
/// A fact that enrolls a voice: it needs PocketSphinx, SphinxTrain (sphinxtrain) and sphinx_fe (sphinxbase-utils), and
/// espeak-ng to speak. Skipped on a developer machine without them; under CI (CI=true) it always runs, so a missing
/// package fails with VoiceCoach's own message naming what to install.
/// </summary>
internal sealed class SphinxTrainFactAttribute : FactAttribute
{
    public SphinxTrainFactAttribute()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':');
        string[] missing =
        [
            .. new[] { "sphinx_fe", "espeak-ng", "sox" }.Where(tool => !path.Any(dir => File.Exists(Path.Combine(dir, tool)))),
            .. File.Exists("/usr/lib/sphinxtrain/bw") ? Array.Empty<string>() : ["sphinxtrain"],
        ];
        if (!RepoPaths.IsCi && missing.Length > 0)
        {
            Skip = $"{string.Join(", ", missing)} missing: bash scripts/setup.sh (CI=true turns this skip into a failure)";
        }
    }
}
