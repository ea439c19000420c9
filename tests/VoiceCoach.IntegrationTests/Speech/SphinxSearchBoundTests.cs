using System.Globalization;
using System.Text.RegularExpressions;
using VoiceCoach.Core.Audio;
using VoiceCoach.Speech.Sphinx;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Speech;

/// <summary>SphinxBase's log is process-wide: tests that read it run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SphinxLogCollection
{
    public const string Name = "PocketSphinx log";
}

/// <summary>
/// Clipped audio (every hypothesis scores alike) made PocketSphinx's search keep up to 30000 HMMs and 50+ word
/// exits a frame: a 60 s clip took 47 s. The bounds in <see cref="SphinxOptions"/> keep that work in check; the
/// decoder's own statistics show it.
/// </summary>
[Collection(SphinxLogCollection.Name)]
public sealed class SphinxSearchBoundTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vc-sphinx-log-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [SphinxFact]
    public async Task TranscribeAsync_ClippedAnswer_SearchStaysWithinTheBound()
    {
        // Arrange: +30 dB with clipping, the case that took 47 s for a 60 s clip with PocketSphinx's default search.
        var source = await SoxClipLoader.LoadAsync(RepoPaths.InRepo("samples", "answers", "01-judgment-star.wav"), CancellationToken.None);
        var clipped = new AudioClip(source.Samples.ToArray().Select(s => Math.Clamp(s * 31.6f, -1f, 1f)).ToArray(), source.Source + " +30 dB");
        var log = Path.Combine(_folder, "sphinx.log");
        var options = new SphinxOptions { LogFile = log };
        using var transcriber = SphinxTranscriber.Create(options);

        // Act
        var transcript = await transcriber.TranscribeAsync(clipped, CancellationToken.None);

        // Assert: the first pass's active channels and word exits per frame, as the decoder logs them.
        var text = await File.ReadAllTextAsync(log);
        var channels = PerFrame(text, @"channels searched \((\d+)/fr\)");
        var exits = PerFrame(text, @"(\d+) words recognized \((\d+)/fr\)", group: 2);
        Assert.NotEmpty(transcript.Words);
        Assert.NotEmpty(channels);
        Assert.All(channels, c => Assert.InRange(c, 0, ChannelBound(options)));
        Assert.All(exits, e => Assert.InRange(e, 0, WordExitBound));
    }

    private const int WordExitBound = 40;

    private static int ChannelBound(SphinxOptions options) => options.MaxActiveHmms * 3 / 2;

    private static List<int> PerFrame(string log, string pattern, int group = 1) =>
        Regex.Matches(log, pattern).Select(m => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture)).ToList();
}
