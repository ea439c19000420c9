using System.Text;

namespace VoiceCoach.Tests.Whisper;

public sealed class WhisperTokenizerTests
{
    [Fact]
    public void Encode_HelloWorldWithFiller_GivesKnownTiktokenIds()
    {
        var tokenizer = TestVocabulary.TinyEn;

        var ids = tokenizer.Encode("Hello, world! 123 um");

        Assert.Equal([15496, 11, 995, 0, 17031, 23781], ids);
    }

    [Theory]
    [InlineData("Hello, world! 123 um")]
    [InlineData(" Um, uh, so, like... I think we shipped it.")]
    [InlineData("naïve café — ünïcödé 日本語")]
    public void Decode_EncodedText_RoundTrips(string text)
    {
        var tokenizer = TestVocabulary.TinyEn;

        var decoded = tokenizer.Decode(tokenizer.Encode(text));

        Assert.Equal(text, decoded);
    }

    [Fact]
    public void Decode_CharacterSplitAcrossSingleByteTokens_JoinsBytesBeforeUtf8()
    {
        var tokenizer = TestVocabulary.TinyEn;
        var e = tokenizer.TokenId([0xC3])!.Value;
        var acute = tokenizer.TokenId([0xA9])!.Value;

        var text = tokenizer.Decode([e, acute]);

        Assert.Equal("é", text);
        Assert.True(e < 256 && acute < 256);
    }

    [Fact]
    public void Decode_SpecialAndTimestampTokens_AreSkipped()
    {
        var tokenizer = TestVocabulary.TinyEn;
        var s = tokenizer.Special;

        var text = tokenizer.Decode([s.StartOfTranscript, s.TimestampBegin, 15496, s.TimestampBegin + 10, s.EndOfText]);

        Assert.Equal("Hello", text);
    }

    [Fact]
    public void TokenText_Specials_UseOpenAiNames()
    {
        var tokenizer = TestVocabulary.TinyEn;
        var s = tokenizer.Special;

        Assert.Equal("<|startoftranscript|>", tokenizer.TokenText(s.StartOfTranscript));
        Assert.Equal("<|0.00|>", tokenizer.TokenText(s.TimestampBegin));
        Assert.Equal("<|30.00|>", tokenizer.TokenText(s.TimestampEnd));
        Assert.Equal(" world", tokenizer.TokenText(995));
    }

    [Fact]
    public void TokenBytes_Space_IsToken220()
    {
        var tokenizer = TestVocabulary.TinyEn;

        Assert.Equal(220, tokenizer.TokenId(" "));
        Assert.Equal(" "u8.ToArray(), tokenizer.TokenBytes(220).ToArray());
        Assert.Equal(Encoding.UTF8.GetBytes(" um"), tokenizer.TokenBytes(23781).ToArray());
    }
}
