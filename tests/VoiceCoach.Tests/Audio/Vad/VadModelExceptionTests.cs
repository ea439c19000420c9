using VoiceCoach.Audio.Vad;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Audio.Vad;

public sealed class VadModelExceptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("voicecoach-vad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_MissingFile_NamesFileAndSaysNotFound()
    {
        // Arrange
        var path = Path.Combine(_dir, "nope.bin");

        // Act
        var ex = Assert.Throws<VadModelException>(() => SileroVad.Load(path));

        // Assert
        Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not found", ex.Message, StringComparison.Ordinal);
        Assert.Equal(path, ex.ModelPath);
    }

    [Fact]
    public void Load_WavFile_NotAGgmlFileWithMagic()
    {
        // Arrange
        var path = RepoPaths.SharedFile("whisper", "golden", "inputs", "jfk.wav");

        // Act
        var ex = Assert.Throws<VadModelException>(() => SileroVad.Load(path));

        // Assert
        Assert.Equal($"{path}: not a ggml file (magic 0x46464952 'RIFF'); expected 0x67676d6c 'lmgg' (a whisper.cpp Silero VAD model such as silero-v6.2.0-ggml.bin)", ex.Message);
    }

    [Fact]
    public void Load_WhisperModel_NotASileroVadModel()
    {
        // Arrange: same ggml magic, different model.
        var path = RepoPaths.SharedFile("whisper", "models", "for-tests-ggml-tiny.en.bin");

        // Act
        var ex = Assert.Throws<VadModelException>(() => SileroVad.Load(path));

        // Assert
        Assert.Contains("not a Silero VAD model", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(40)]
    [InlineData(100_000)]
    [InlineData(885_000)]
    public void Load_TruncatedModel_SaysTruncated(int length)
    {
        // Arrange
        var path = Path.Combine(_dir, "truncated.bin");
        var bytes = File.ReadAllBytes(VadGolden.ModelPath);
        File.WriteAllBytes(path, bytes.AsSpan(0, length).ToArray());

        // Act
        var ex = Assert.Throws<VadModelException>(() => SileroVad.Load(path));

        // Assert
        Assert.StartsWith(path + ": truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ModelWithoutItsLastTensor_NamesTheMissingTensor()
    {
        // Arrange: cut exactly before the last tensor (the STFT basis, 3 dims, f16 [256, 1, 258]).
        var bytes = File.ReadAllBytes(VadGolden.ModelPath);
        var lastTensorBytes = (6 * 4) + "_model.stft.forward_basis_buffer".Length + (256 * 258 * 2);
        var path = Path.Combine(_dir, "incomplete.bin");
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length - lastTensorBytes).ToArray());

        // Act
        var ex = Assert.Throws<VadModelException>(() => SileroVad.Load(path));

        // Assert
        Assert.Contains("1 of 15 tensors missing (_model.stft.forward_basis_buffer)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TensorWithWrongShape_NamesTensorAndBothShapes()
    {
        // Arrange: the first tensor's header starts at byte 106 (after the hyper-parameters); its ne[0] is at 118.
        var bytes = File.ReadAllBytes(VadGolden.ModelPath);
        Assert.Equal(3, BitConverter.ToInt32(bytes, 118));
        BitConverter.GetBytes(5).CopyTo(bytes, 118);
        var path = Path.Combine(_dir, "reshaped.bin");
        File.WriteAllBytes(path, bytes);

        // Act
        var ex = Assert.Throws<VadModelException>(() => SileroVad.Load(path));

        // Assert
        Assert.Equal($"{path}: tensor '_model.encoder.0.reparam_conv.weight' has shape [5, 129, 128]; expected [3, 129, 128]", ex.Message);
    }

    [Fact]
    public void Load_OtherModelType_NamesTypeAndExpected()
    {
        // Arrange: "silero-16k" becomes "silero-08k".
        var bytes = File.ReadAllBytes(VadGolden.ModelPath);
        bytes[15] = (byte)'0';
        bytes[16] = (byte)'8';
        var path = Path.Combine(_dir, "other.bin");
        File.WriteAllBytes(path, bytes);

        // Act
        var ex = Assert.Throws<VadModelException>(() => SileroVad.Load(path));

        // Assert
        Assert.Equal($"{path}: model type 'silero-08k' is not supported; expected 'silero-16k' (Silero VAD for 16 kHz)", ex.Message);
    }
}
