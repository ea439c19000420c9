using VoiceCoach.Embeddings;

namespace VoiceCoach.Tests.Embeddings;

public class WordPieceTokenizerTests
{
    private static readonly string Vocabulary = string.Join('\n', "[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "runn", "##ing", ",", "cafe", "s", "##3", "i", "!");

    private static WordPieceTokenizer Tokenizer(int max = 256) => new(new StringReader(Vocabulary), max);

    [Fact]
    public void Pieces_WordNotInVocabulary_CutIntoLongestPieces()
    {
        Assert.Equal(["[CLS]", "un", "##aff", "##able", "runn", "##ing", "[SEP]"], Tokenizer().Pieces("unaffable running"));
    }

    [Fact]
    public void Pieces_UpperCaseAccentsAndPunctuation_LoweredStrippedAndSplit()
    {
        Assert.Equal(["[CLS]", "cafe", ",", "i", "!", "[SEP]"], Tokenizer().Pieces("CAFÉ,I!"));
    }

    [Fact]
    public void Pieces_WordWithAnUncoveredPiece_IsOneUnknown()
    {
        Assert.Equal(["[CLS]", "s", "##3", "[UNK]", "[SEP]"], Tokenizer().Pieces("S3 unx"));
    }

    [Fact]
    public void Encode_LongText_CutToTheModelsLengthWithSeparatorLast()
    {
        var ids = Tokenizer(max: 8).Encode(string.Join(' ', Enumerable.Repeat("running", 10)));

        Assert.Equal(8, ids.Length);
        Assert.Equal(2, ids[0]);
        Assert.Equal(3, ids[^1]);
    }

    [Fact]
    public void Constructor_VocabularyWithoutSpecialTokens_SaysItIsNotBert()
    {
        var ex = Assert.Throws<InvalidDataException>(() => new WordPieceTokenizer(new StringReader("a\nb"), 16));

        Assert.Contains("[CLS]", ex.Message, StringComparison.Ordinal);
    }
}
