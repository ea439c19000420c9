using VoiceCoach.Audio.Speech;
using VoiceCoach.Speech.Sphinx;

namespace VoiceCoach.IntegrationTests.Speech;

/// <summary>
/// The filler pass on the real decoder: given an utterance's words without its hesitations (as the language-model
/// search often hears them), the grammar decode of festival's audio puts the "um"s back where they were said, and adds
/// nothing to a sentence said without one.
/// </summary>
public sealed class SphinxFillerPassTests
{
    [SphinxFact]
    public async Task Apply_WordsHeardWithoutTheirFillers_FindsTheFillersWhereTheyWereSaid()
    {
        // Arrange
        var (pass, heard, audio) = await Setup("So, um, I rewrote the queries, and, um, the dashboards got faster.", "so i rewrote the queries and the dashboards got faster");

        // Act
        var words = pass.Apply(heard, audio, new FrameLevels()).Select(w => SphinxWords.Clean(w.Word)).OfType<string>().ToList();

        // Assert
        Assert.Equal(2, words.Count(w => w is "um" or "uh"));
        Assert.Equal("so i rewrote the queries and the dashboards got faster", string.Join(' ', words.Where(w => w is not ("um" or "uh"))));
        Assert.True(words.IndexOf("i") > words.IndexOf("um"), string.Join(' ', words));
        pass.Dispose();
    }

    [SphinxFact]
    public async Task Apply_SentenceWithoutFillers_AddsNone()
    {
        // Arrange
        var (pass, heard, audio) = await Setup("I rewrote the queries, and the dashboards got faster.", "i rewrote the queries and the dashboards got faster");

        // Act
        var words = pass.Apply(heard, audio, new FrameLevels());

        // Assert
        Assert.Equal(heard, words);
        pass.Dispose();
    }

    private static async Task<(SphinxFillerPass Pass, List<SphinxWord> Heard, short[] Audio)> Setup(string said, string heardText)
    {
        var clip = await SpeechSynthesizers.Create(FestivalSynthesizer.EngineName).SynthesizeAsync(said);
        var audio = SphinxTranscriber.ToPcm16(clip.Samples);
        var options = new SphinxOptions();
        var pass = SphinxFillerPass.Create(SphinxNative.Load(), SphinxTranscriber.Arguments(options), options.AddedWords, new SphinxFillerOptions());

        // Only the order of the words and the span they cover matter to the pass: spread them evenly over the clip.
        var texts = heardText.Split(' ');
        var frames = audio.Length / 160;
        var heard = texts.Select((w, i) => new SphinxWord(w, i * frames / texts.Length, ((i + 1) * frames / texts.Length) - 1, 0.9)).ToList();
        return (pass, heard, audio);
    }
}
