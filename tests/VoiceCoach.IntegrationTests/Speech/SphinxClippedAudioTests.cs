using System.Globalization;
using System.Text.RegularExpressions;
using VoiceCoach.Audio.Speech;
using VoiceCoach.Core.Audio;
using VoiceCoach.Speech.Sphinx;

namespace VoiceCoach.IntegrationTests.Speech;

/// <summary>
/// PocketSphinx's log is process-wide (a decoder created without a log file turns it off), so these tests read it
/// alone: their collection runs after the parallel ones.
/// </summary>
[CollectionDefinition(nameof(SphinxLogCollection), DisableParallelization = true)]
public sealed class SphinxLogCollection;

/// <summary>
/// Clipped audio gets the bounded search. Its effect is measured as search effort (HMM channels per frame of the first
/// pass, from PocketSphinx's log), never as time, so it holds on a busy machine.
/// </summary>
[Collection(nameof(SphinxLogCollection))]
public sealed partial class SphinxClippedAudioTests : IDisposable
{
    private const string Answer =
        "When our launch slipped I set up a daily check with the data team, we agreed on the numbers that mattered, " +
        "and two weeks later the release went out on time with half the incidents of the one before.";

    private readonly string _dir = Directory.CreateTempSubdirectory("vc-clipped-it-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SphinxFact]
    public async Task TranscribeAsync_ClippedAnswer_BoundedSearchKeepsFewerChannelsThanTheNormalOne()
    {
        // Arrange: amplified by 30 dB, 40 % of a spoken answer's samples sit at full scale.
        var clean = await SpeechSynthesizers.Create(FestivalSynthesizer.EngineName).SynthesizeAsync(Answer);
        var clipped = new AudioClip(clean.Samples.ToArray().Select(s => Math.Clamp(s * 31.6f, -1f, 1f)).ToArray(), "clipped answer");

        // Act
        var normal = await ChannelsPerFrameAsync(clipped, new SphinxOptions { ClippedShare = 0, LogFile = Path.Combine(_dir, "normal.log") });
        var bounded = await ChannelsPerFrameAsync(clipped, new SphinxOptions { LogFile = Path.Combine(_dir, "bounded.log") });

        // Assert
        Assert.True(bounded < normal * 0.7, $"channels per frame: bounded search {bounded}, normal search {normal}");
    }

    [SphinxFact]
    public async Task TranscribeAsync_CleanAnswer_NormalSearchAsWithoutTheCheck()
    {
        // Arrange
        var clean = await SpeechSynthesizers.Create(FestivalSynthesizer.EngineName).SynthesizeAsync(Answer);

        // Act
        var withoutCheck = await ChannelsPerFrameAsync(clean, new SphinxOptions { ClippedShare = 0, LogFile = Path.Combine(_dir, "off.log") });
        var withCheck = await ChannelsPerFrameAsync(clean, new SphinxOptions { LogFile = Path.Combine(_dir, "on.log") });

        // Assert
        Assert.Equal(withoutCheck, withCheck);
    }

    [SphinxFact]
    public async Task Start_ClippedAnswerTwiceLive_SecondUtteranceGetsTheBoundedSearch()
    {
        // Arrange: a live stream cannot know the audio is clipped before it hears it; the utterance after that can.
        var clean = await SpeechSynthesizers.Create(FestivalSynthesizer.EngineName).SynthesizeAsync(Answer);
        var clipped = clean.Samples.ToArray().Select(s => Math.Clamp(s * 31.6f, -1f, 1f)).ToArray();
        var pause = new float[24_000];
        var audio = clipped.Concat(pause).Concat(clipped).Concat(pause).ToArray();
        var options = new SphinxOptions { SecondPass = false, LogFile = Path.Combine(_dir, "live.log") };

        // Act
        using (var transcriber = SphinxTranscriber.Create(options))
        {
            await using var stream = transcriber.Start("clipped live answer");
            for (var i = 0; i < audio.Length; i += 320)
            {
                stream.Push(audio.AsSpan(i, Math.Min(320, audio.Length - i)));
            }

            await stream.CompleteAsync(CancellationToken.None);
            await transcriber.FlushLogAsync(CancellationToken.None);
        }

        // Assert: the utterances are the two answers (and perhaps a tail of the pause).
        var channels = FirstPassChannels().Matches(await File.ReadAllTextAsync(options.LogFile))
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(channels.Count >= 2, $"{channels.Count} utterance(s)");
        Assert.True(channels[1] < channels[0] * 0.7, $"channels per frame: first utterance {channels[0]}, second {channels[1]}");
    }

    private static async Task<int> ChannelsPerFrameAsync(AudioClip clip, SphinxOptions options)
    {
        using (var transcriber = SphinxTranscriber.Create(options))
        {
            await transcriber.TranscribeAsync(clip, CancellationToken.None);
            await transcriber.FlushLogAsync(CancellationToken.None);
        }

        var log = await File.ReadAllTextAsync(options.LogFile!);
        var match = FirstPassChannels().Match(log);
        Assert.True(match.Success, $"no first-pass statistics in {options.LogFile}");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    // "INFO: ngram_search_fwdtree.c(1553): 58677649 channels searched (9779/fr), 2439522 1st, 10772377 last"
    [GeneratedRegex(@"ngram_search_fwdtree\.c\(\d+\): +\d+ channels searched \((\d+)/fr\)")]
    private static partial Regex FirstPassChannels();
}
