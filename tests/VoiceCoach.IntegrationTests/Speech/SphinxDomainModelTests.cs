using VoiceCoach.Audio.Speech;
using VoiceCoach.Core.Text;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.LanguageModel;
using VoiceCoach.Speech.Sphinx;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Speech;

/// <summary>
/// The domain language model's effect on real decoding: answers spoken by festival that PocketSphinx's general
/// model gets wrong on the company's key phrases and that the domain model (built from the repository's prompts/)
/// gets right. New sentences, not from prompts/.
/// </summary>
public sealed class SphinxDomainModelTests : IDisposable
{
    private static readonly (string Text, string[] KeyPhrases)[] Answers =
    [
        ("My manager gave me context, not control, and I owned the migration.", ["context not control"]),
        ("Um, the keeper test is why I want to work with stunning colleagues.", ["keeper test", "stunning colleagues", "um"]),
        ("I would be the informed captain for the Eyeline researchers.", ["informed captain", "eyeline"]),
    ];

    private readonly string _cache = Directory.CreateTempSubdirectory("vc-domain-it-").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    [SphinxFact]
    public async Task TranscribeAsync_DomainAnswers_DomainModelHearsTheKeyPhrasesTheGeneralModelMisses()
    {
        // Arrange
        var domain = DomainLanguageModel.Ensure(RepoPaths.InRepo("prompts"), _cache, new SphinxOptions().DictionaryPath, new SphinxOptions().AddedWords);
        using var general = SphinxTranscriber.Create();
        using var withDomain = SphinxTranscriber.Create(new SphinxOptions { DomainModel = domain });
        var speaker = SpeechSynthesizers.Create(FestivalSynthesizer.EngineName);
        int generalHeard = 0, domainHeard = 0, spoken = 0;
        var generalErrors = WordErrors.None;
        var domainErrors = WordErrors.None;

        // Act
        foreach (var (text, phrases) in Answers)
        {
            var clip = await speaker.SynthesizeAsync(text);
            var g = (await general.TranscribeAsync(clip, CancellationToken.None)).Text;
            var d = (await withDomain.TranscribeAsync(clip, CancellationToken.None)).Text;
            spoken += phrases.Length;
            generalHeard += phrases.Count(p => new Phrase(p).OccursIn(WordText.Words(g)));
            domainHeard += phrases.Count(p => new Phrase(p).OccursIn(WordText.Words(d)));
            generalErrors += WordErrorRate.Compute(text, g);
            domainErrors += WordErrorRate.Compute(text, d);
        }

        // Assert
        Assert.Contains("domain LM " + domain.Hash[..8], withDomain.EngineName, StringComparison.Ordinal);
        Assert.True(generalHeard < spoken, $"the general model heard {generalHeard} of {spoken} key phrases: these clips no longer test the domain model");
        Assert.True(domainHeard >= spoken - 2, $"the domain model heard {domainHeard} of {spoken} key phrases");
        Assert.True(domainErrors.Rate < generalErrors.Rate, $"WER general {generalErrors.Rate:P1}, domain {domainErrors.Rate:P1}");
    }

    [SphinxFact]
    public async Task TranscribeAsync_RoleTermsInContext_HeardWhereTheTermsAsListedAreNot()
    {
        // Arrange: role terms the pack lists one to a line, in a sentence of no pack.
        const string Text = "I worked with visual effects artists, and I love storytelling, so I have used Houdini and Unreal.";
        string[] terms = ["artists", "storytelling", "houdini", "unreal"];
        var options = new SphinxOptions();
        var listed = DomainLanguageModel.Ensure(RepoPaths.InRepo("prompts"), _cache, options.DictionaryPath, options.AddedWords, termContexts: 0);
        var inContext = DomainLanguageModel.Ensure(RepoPaths.InRepo("prompts"), _cache, options.DictionaryPath, options.AddedWords);
        using var before = SphinxTranscriber.Create(new SphinxOptions { DomainModel = listed });
        using var after = SphinxTranscriber.Create(new SphinxOptions { DomainModel = inContext });
        var clip = await SpeechSynthesizers.Create(FestivalSynthesizer.EngineName).SynthesizeAsync(Text);

        // Act
        var heardBefore = WordText.Words((await before.TranscribeAsync(clip, CancellationToken.None)).Text);
        var heardAfter = WordText.Words((await after.TranscribeAsync(clip, CancellationToken.None)).Text);

        // Assert: as listed, festival's "artists" and "storytelling" were heard as "are tests" and "story telling".
        var missedBefore = terms.Where(t => !heardBefore.Contains(t)).ToList();
        var missedAfter = terms.Where(t => !heardAfter.Contains(t)).ToList();
        Assert.True(missedBefore.Count > missedAfter.Count, $"missed as listed: {string.Join(", ", missedBefore)}; in context: {string.Join(", ", missedAfter)} ('{string.Join(' ', heardAfter)}')");
        Assert.True(missedAfter.Count <= 1, $"in context missed {string.Join(", ", missedAfter)}: '{string.Join(' ', heardAfter)}'");
    }
}
