using VoiceCoach.Whisper;

namespace VoiceCoach.Tests.Whisper;

/// <summary>The real tiny.en vocabulary (from the random-weights model, which carries it) for tokenizer and decoding tests.</summary>
internal static class TestVocabulary
{
    private static readonly Lazy<WhisperTokenizer> LazyTinyEn = new(() =>
    {
        using var model = WhisperModel.Load(WhisperGolden.Model());
        return new WhisperTokenizer(model.Vocabulary, model.HyperParameters.VocabularySize);
    });

    /// <summary>The tiny.en tokenizer (n_vocab 51864).</summary>
    public static WhisperTokenizer TinyEn => LazyTinyEn.Value;
}
