using System.Buffers.Binary;
using VoiceCoach.Testing;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace VoiceCoach.Tests.Samples;

/// <summary>samples/manifest.yaml points at committed WAVs in the product's format, with their texts.</summary>
public sealed class SamplesManifestTests
{
    [Fact]
    public void Manifest_EveryAnswer_HasQuestionNoteAndAudio()
    {
        var manifest = LoadManifest();

        Assert.Equal("netflix", manifest.Company);
        Assert.InRange(manifest.Answers.Count, 5, 6);
        Assert.All(manifest.Answers, a =>
        {
            Assert.False(string.IsNullOrWhiteSpace(a.Question));
            Assert.False(string.IsNullOrWhiteSpace(a.Note));
            Assert.True(File.Exists(RepoPaths.InRepo("samples", a.Audio)), $"{a.Audio} missing: run samples/make-samples.sh");
            Assert.True(File.Exists(RepoPaths.InRepo("samples", Path.ChangeExtension(a.Audio, ".txt"))), $"text of {a.Audio} missing");
        });
    }

    [Fact]
    public void Manifest_EveryAudio_Is16kMono16BitPcm()
    {
        foreach (var answer in LoadManifest().Answers)
        {
            var (format, channels, rate, bits, _) = ReadWavHeader(RepoPaths.InRepo("samples", answer.Audio));

            Assert.Equal((1, 1, 16_000, 16), (format, channels, rate, bits));
        }
    }

    [Theory]
    [InlineData("answers/01-judgment-star.wav", 40, 50)]
    [InlineData("answers/02-courage-opinion.wav", 25, 35)]
    [InlineData("answers/05-mlops-ramble.wav", 90, 120)]
    public void Manifest_SampleMeantForADuration_LastsThatLong(string audio, double minSeconds, double maxSeconds)
    {
        var (_, _, rate, bits, dataBytes) = ReadWavHeader(RepoPaths.InRepo("samples", audio));

        Assert.InRange(dataBytes / (bits / 8.0) / rate, minSeconds, maxSeconds);
    }

    [Fact]
    public void Texts_CutOffSample_EndsMidSentence()
    {
        var text = File.ReadAllText(RepoPaths.InRepo("samples", "answers", "03-role-cutoff.txt")).TrimEnd();

        Assert.EndsWith("is that", text, StringComparison.Ordinal);
    }

    private static Manifest LoadManifest()
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        return deserializer.Deserialize<Manifest>(File.ReadAllText(RepoPaths.InRepo("samples", "manifest.yaml")));
    }

    private static (int Format, int Channels, int Rate, int Bits, long DataBytes) ReadWavHeader(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var span = bytes.AsSpan();
        (int, int, int, int)? fmt = null;
        for (var pos = 12; pos + 8 <= span.Length;)
        {
            var id = System.Text.Encoding.ASCII.GetString(span.Slice(pos, 4));
            var size = BinaryPrimitives.ReadInt32LittleEndian(span[(pos + 4)..]);
            var body = span.Slice(pos + 8, Math.Min(size, span.Length - pos - 8));
            if (id == "fmt ")
            {
                fmt = (BinaryPrimitives.ReadInt16LittleEndian(body), BinaryPrimitives.ReadInt16LittleEndian(body[2..]),
                    BinaryPrimitives.ReadInt32LittleEndian(body[4..]), BinaryPrimitives.ReadInt16LittleEndian(body[14..]));
            }
            else if (id == "data" && fmt is var (f, c, r, b))
            {
                return (f, c, r, b, body.Length);
            }

            pos += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{path}: no fmt and data chunks");
    }

    private sealed class Manifest
    {
        public string Company { get; set; } = string.Empty;

        public List<Answer> Answers { get; set; } = [];
    }

    private sealed class Answer
    {
        public string Question { get; set; } = string.Empty;

        public string Audio { get; set; } = string.Empty;

        public string Note { get; set; } = string.Empty;
    }
}
