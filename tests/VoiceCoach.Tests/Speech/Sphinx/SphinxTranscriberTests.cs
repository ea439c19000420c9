using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.Sphinx;

namespace VoiceCoach.Tests.Speech.Sphinx;

public sealed class SphinxTranscriberTests
{
    [Fact]
    public void Arguments_Default_KeepsTheSecondPass()
    {
        var args = SphinxTranscriber.Arguments(new SphinxOptions());

        Assert.DoesNotContain("-fwdflat", args);
        Assert.Equal("voicecoach", args[0]);
    }

    [Fact]
    public void Arguments_Default_BoundActiveHmmsAndWordExitsPerFrame()
    {
        // Without the bounds, clipped audio kept up to 30000 HMMs and 50+ word exits a frame: 47 s for a 60 s clip.
        var args = SphinxTranscriber.Arguments(new SphinxOptions());

        Assert.Equal("6000", args[args.IndexOf("-maxhmmpf") + 1]);
        Assert.Equal("20", args[args.IndexOf("-maxwpf") + 1]);
    }

    [Fact]
    public void Arguments_DomainModel_NoLmOnTheCommandLine()
    {
        // The interpolated search is set up after ps_init; a -lm there would load the 27 MB model twice.
        var domain = new VoiceCoach.Speech.LanguageModel.DomainModelFiles("/tmp/domain.lm", new Dictionary<string, string>(), "0123456789abcdef");

        var args = SphinxTranscriber.Arguments(new SphinxOptions { DomainModel = domain });

        Assert.DoesNotContain("-lm", args);
        Assert.Contains("-dict", args);
    }

    [Fact]
    public void Lexicon_AlternatePronunciations_AddedAsSecondPronunciationsAfterEveryWord()
    {
        // PocketSphinx takes "cuda(2)" only once "cuda" is in; a domain term like "cuda" comes from the domain model.
        var domain = new VoiceCoach.Speech.LanguageModel.DomainModelFiles(
            "/tmp/domain.lm", new Dictionary<string, string> { ["cuda"] = "K UW D AH", ["netflix"] = "N EH T F L IH K S IH" }, "0123456789abcdef");
        var options = new SphinxOptions { DomainModel = domain };

        var lexicon = SphinxDecoderSetup.Lexicon(options);
        var words = lexicon.Select(kv => kv.Key).ToList();

        Assert.InRange(words.IndexOf("cuda"), 0, words.IndexOf("cuda(2)") - 1);
        Assert.Contains(KeyValuePair.Create("cuda(2)", "K Y UW D AH"), lexicon);
        Assert.Contains(KeyValuePair.Create("houdini(2)", "HH AW D IY N IY"), lexicon);
        Assert.Contains(KeyValuePair.Create("candor(2)", "K AE N D AO R"), lexicon); // espeak-ng's "can-dor", heard as "can for"
        Assert.Equal("N EH T F L IH K S", Assert.Single(lexicon, kv => kv.Key == "netflix").Value); // an added word's phones win
    }

    [Fact]
    public void Arguments_NoSecondPass_TurnsFwdflatOff()
    {
        var args = SphinxTranscriber.Arguments(new SphinxOptions { SecondPass = false });

        var at = args.IndexOf("-fwdflat");
        Assert.True(at > 0, string.Join(' ', args));
        Assert.Equal("no", args[at + 1]);
    }

    [Fact]
    public void Arguments_DecoderArgumentNamesOneOfOurs_ReplacesItsValueInsteadOfRepeatingIt()
    {
        // cmd_ln_parse_r rejects a name given twice, so "--decoder-args '-maxhmmpf 3000'" failed to create a decoder.
        var options = new SphinxOptions { DecoderArguments = ["-maxhmmpf", "3000", "-lw", "8"] };

        var args = SphinxTranscriber.Arguments(options);

        Assert.Single(args, a => a == "-maxhmmpf");
        Assert.Equal("3000", args[args.IndexOf("-maxhmmpf") + 1]);
        Assert.Equal("8", args[args.IndexOf("-lw") + 1]);
    }

    [Fact]
    public void Arguments_DecoderArgumentWithoutValue_ThrowsNamingTheArguments()
    {
        var options = new SphinxOptions { DecoderArguments = ["-lw", "8", "-wip"] };

        var error = Assert.Throws<TranscriptionException>(() => SphinxTranscriber.Arguments(options));

        Assert.Contains("'-lw 8 -wip'", error.Message, StringComparison.Ordinal);
        Assert.Contains("name value pairs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ModelDirectoryMissing_ThrowsNamingThePackages()
    {
        var options = new SphinxOptions { ModelDirectory = "/nonexistent/pocketsphinx/model" };

        var error = Assert.Throws<TranscriptionException>(() => SphinxTranscriber.Create(options));

        Assert.Contains("/nonexistent/pocketsphinx/model/en-us/mdef", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install pocketsphinx pocketsphinx-en-us", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_LanguageModelMissing_ThrowsNamingTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("sphinx-model-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "en-us"));
            File.WriteAllText(Path.Combine(dir.FullName, "en-us", "mdef"), string.Empty);
            var options = new SphinxOptions { ModelDirectory = dir.FullName };

            var error = Assert.Throws<TranscriptionException>(() => SphinxTranscriber.Create(options));

            Assert.Contains(Path.Combine(dir.FullName, "en-us.lm.bin"), error.Message, StringComparison.Ordinal);
            Assert.Contains("language model", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
