using VoiceCoach.Testing;
using VoiceCoach.Whisper;

namespace VoiceCoach.Tests.Whisper;

/// <summary>
/// The real tiny.en vocabulary for tokenizer tests, read from the header-only test file (magic,
/// 11 hyper-parameters, mel filters, vocabulary). Temporary: replaced by WhisperModel.Vocabulary
/// once the engine's loader is merged.
/// </summary>
internal static class TestVocabulary
{
    private static readonly Lazy<WhisperTokenizer> LazyTinyEn = new(() =>
    {
        using var reader = new BinaryReader(File.OpenRead(RepoPaths.SharedFile("whisper", "models", "for-tests-ggml-tiny.en.bin")));
        reader.ReadUInt32();
        var nVocab = reader.ReadInt32();
        reader.BaseStream.Seek(4 * 10, SeekOrigin.Current);
        var nMel = reader.ReadInt32();
        var nFft = reader.ReadInt32();
        reader.BaseStream.Seek(4L * nMel * nFft, SeekOrigin.Current);
        var count = reader.ReadInt32();
        var tokens = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            tokens[i] = reader.ReadBytes(reader.ReadInt32());
        }

        return new WhisperTokenizer(tokens, nVocab);
    });

    /// <summary>The tiny.en tokenizer (n_vocab 51864).</summary>
    public static WhisperTokenizer TinyEn => LazyTinyEn.Value;
}
