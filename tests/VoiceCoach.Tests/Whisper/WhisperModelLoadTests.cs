using System.Buffers.Binary;
using System.Text;
using VoiceCoach.Whisper;
using VoiceCoach.Whisper.Ggml;

namespace VoiceCoach.Tests.Whisper;

/// <summary>
/// Loading real and broken model files. The broken ones are made from copies of the random model
/// in a temporary folder: truncated, with a foreign magic, or with corrupt length, shape and type
/// fields. Every one must fail with a <see cref="WhisperModelException"/> naming the file.
/// </summary>
public sealed class WhisperModelLoadTests : IDisposable
{
    private static readonly Lazy<byte[]> TinyBytes = new(() => File.ReadAllBytes(WhisperGolden.Model()));
    private static readonly Lazy<byte[]> VocabOnlyBytes = new(() => File.ReadAllBytes(WhisperGolden.Model("for-tests-ggml-tiny.en.bin")));
    private readonly string _dir = Directory.CreateTempSubdirectory("voicecoach-whisper-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_RandomTinyF16_ReadsHeaderVocabularyAndTensors()
    {
        // Act
        using var model = WhisperModel.Load(WhisperGolden.Model());

        // Assert
        Assert.Equal(new WhisperHyperParameters(51864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1), model.HyperParameters);
        Assert.False(model.HyperParameters.IsMultilingual);
        Assert.Equal(50257, model.Vocabulary.Count);
        Assert.Equal("!"u8.ToArray(), model.Vocabulary[0]);
        Assert.Equal(" the"u8.ToArray(), model.Vocabulary[262]);
        Assert.Equal(WhisperGolden.Model(), model.Path);
    }

    [Theory]
    [InlineData("random-tiny.en-q8_0.bin", 2007)]
    [InlineData("random-tiny.en-q5_1.bin", 2009)]
    public void Load_QuantizedModel_ReportsFileType(string file, int fileType)
    {
        // Act
        using var model = WhisperModel.Load(WhisperGolden.Model(file));

        // Assert
        Assert.Equal(fileType, model.HyperParameters.FileType);
        Assert.Equal(fileType % 1000, model.HyperParameters.WeightType);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingFile()
    {
        var path = Path.Combine(_dir, "nope.bin");

        var e = Assert.Throws<WhisperModelException>(() => WhisperModel.Load(path));

        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WavFile_ThrowsNotGgmlWithMagic()
    {
        // Arrange
        var path = Write("x.bin", File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(WhisperGolden.Model())!, "..", "golden", "inputs", "jfk.wav")));

        // Act
        var e = Assert.Throws<WhisperModelException>(() => WhisperModel.Load(path));

        // Assert
        Assert.Equal($"{path}: not a ggml file (magic 0x46464952 'RIFF'); expected 0x67676d6c", e.Message);
    }

    [Fact]
    public void Load_EmptyFile_ThrowsNotGgml()
    {
        var path = Write("empty.bin", []);

        var e = Assert.Throws<WhisperModelException>(() => WhisperModel.Load(path));

        Assert.Contains("not a ggml file", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(6)]          // inside the hyper-parameters
    [InlineData(52)]         // inside the mel filters
    [InlineData(300_000)]    // inside the vocabulary
    [InlineData(586_840)]    // inside the first tensor header
    [InlineData(3_000_000)]  // inside tensor data
    [InlineData(-1)]         // the last byte missing
    public void Load_TruncatedFile_ThrowsTruncatedAtOffset(int length)
    {
        // Arrange
        var bytes = TinyBytes.Value;
        var path = Write("truncated.bin", bytes.AsSpan(0, length < 0 ? bytes.Length + length : length));

        // Act
        var e = Assert.Throws<WhisperModelException>(() => WhisperModel.Load(path));

        // Assert
        Assert.StartsWith(path + ": truncated at offset ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_VocabularyOnlyFile_ThrowsMissingTensor()
    {
        var path = Write("vocab-only.bin", VocabOnlyBytes.Value);

        var e = Assert.Throws<WhisperModelException>(() => WhisperModel.Load(path));

        Assert.Contains("tensor 'encoder.positional_embedding' is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HugeVocabularyCount_ThrowsCorruptWithoutAllocating()
    {
        // Arrange: the token count sits after magic, 11 header ints, filter dims and 80 × 201 floats.
        var bytes = (byte[])VocabOnlyBytes.Value.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(VocabularyOffset), int.MaxValue);
        var path = Write("vocab-count.bin", bytes);

        // Act
        var e = Assert.Throws<WhisperModelException>(() => WhisperModel.Load(path));

        // Assert
        Assert.Contains("vocabulary of 2147483647 tokens", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HugeTokenLength_ThrowsCorrupt()
    {
        var bytes = (byte[])VocabOnlyBytes.Value.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(VocabularyOffset + 4), 0x7fff_0000);
        var path = Write("token-length.bin", bytes);

        var e = Assert.Throws<WhisperModelException>(() => WhisperModel.Load(path));

        Assert.Contains("token 0 has length", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ImplausibleHeader_ThrowsCorrupt()
    {
        var bytes = (byte[])VocabOnlyBytes.Value.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 + (3 * 4)), 7); // n_audio_head no longer divides 384
        var path = Write("heads.bin", bytes);

        var e = Assert.Throws<WhisperModelException>(() => WhisperModel.Load(path));

        Assert.Contains("implausible header", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SwappedTensorShape_ThrowsWrongShapeNamingTensor()
    {
        // Arrange: [384, 1536] → [1536, 384] keeps the byte count, so only the shape check can catch it.
        var (bytes, header) = CopyWithTensorHeader("encoder.blocks.0.mlp.0.weight");
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(header + 12), 1536);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(header + 16), 384);
        var path = Write("shape.bin", bytes);

        // Act
        var e = Assert.Throws<WhisperModelException>(() => WhisperModel.Load(path));

        // Assert
        Assert.Equal($"{path}: tensor 'encoder.blocks.0.mlp.0.weight' has shape [1536, 384]; expected [384, 1536] for these hyper-parameters", e.Message);
    }

    [Fact]
    public void Load_UnsupportedTensorType_ThrowsNamingType()
    {
        var (bytes, header) = CopyWithTensorHeader("encoder.ln_post.weight");
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(header + 8), 13);
        var path = Write("type.bin", bytes);

        var e = Assert.Throws<WhisperModelException>(() => WhisperModel.Load(path));

        Assert.Contains("tensor 'encoder.ln_post.weight' has unsupported type 13", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HugeTensorDimension_ThrowsCorrupt()
    {
        var (bytes, header) = CopyWithTensorHeader("decoder.token_embedding.weight");
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(header + 16), int.MaxValue);
        var path = Write("dims.bin", bytes);

        var e = Assert.Throws<WhisperModelException>(() => WhisperModel.Load(path));

        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExtraTensor_ThrowsUnknownTensor()
    {
        // Arrange: a valid file followed by one more f32 tensor of 4 elements.
        var extra = new MemoryStream();
        var name = "encoder.extra"u8;
        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(header, 1);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], name.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], 4);
        extra.Write(header);
        extra.Write(name);
        extra.Write(new byte[16]);
        var path = Write("extra.bin", [.. TinyBytes.Value, .. extra.ToArray()]);

        // Act
        var e = Assert.Throws<WhisperModelException>(() => WhisperModel.Load(path));

        // Assert
        Assert.Contains("unknown tensor 'encoder.extra'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RandomByteFlipsInHeaderAndVocabulary_FailCleanlyOrLoad()
    {
        // Arrange: 200 seeded corruptions of the first 600 kB (header, filters, vocabulary and the
        // first tensor headers) of a 1 MB prefix of the model: anything but WhisperModelException is a bug.
        var source = TinyBytes.Value;
        var random = new Random(20261122);
        var path = Path.Combine(_dir, "fuzz.bin");
        var unexpected = new List<string>();

        for (var i = 0; i < 200; i++)
        {
            var bytes = source.AsSpan(0, 1_000_000).ToArray();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                var at = random.Next(0, 600_000);
                bytes[at] = (byte)random.Next(256);
                if (random.Next(4) == 0 && at + 4 <= bytes.Length)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), random.Next(int.MinValue, int.MaxValue));
                }
            }

            File.WriteAllBytes(path, bytes);

            // Act
            try
            {
                using var model = WhisperModel.Load(path);
            }
            catch (WhisperModelException e) when (e.Message.StartsWith(path + ": ", StringComparison.Ordinal))
            {
            }
            catch (Exception e)
            {
                unexpected.Add($"{i}: {e.GetType().Name}: {e.Message}");
            }
        }

        // Assert
        Assert.Empty(unexpected);
    }

    private static int VocabularyOffset => 4 + (11 * 4) + 8 + (80 * 201 * 4);

    private (byte[] Bytes, int HeaderOffset) CopyWithTensorHeader(string tensor)
    {
        using var file = GgmlFile.Open(WhisperGolden.Model());
        var t = file.Tensors[tensor];
        var header = (int)t.Offset - Encoding.ASCII.GetByteCount(tensor) - (4 * t.Shape.Length) - 12;
        return ((byte[])TinyBytes.Value.Clone(), header);
    }

    private string Write(string name, ReadOnlySpan<byte> bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
