using System.Buffers.Binary;
using System.Text;
using VoiceCoach.Speech.Adaptation;

namespace VoiceCoach.Tests.Speech.Adaptation;

public sealed class MixtureWeightsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vc-mixw-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ReadSendump_TwoSenonesTwoStreams_WeightsInSenoneStreamDensityOrderAndNormalised()
    {
        // Arrange: 2 streams, 3 densities, 2 senones; stored density by density, each row all senones' bytes.
        // Byte b means weight 1.0001^-(b << 10): 0 → 1, 7 → 1.0001^-7168 ≈ 0.4884.
        byte[][] rows =
        [
            [0, 7], [7, 0], [7, 7], // stream 0: densities 0, 1, 2
            [0, 0], [0, 7], [7, 0], // stream 1
        ];
        var path = WriteSendump(densities: 3, senones: 2, streams: 2, rows);
        var low = Math.Pow(1.0001, -(7 << 10));

        // Act
        var weights = MixtureWeights.ReadSendump(path);

        // Assert: senone 0, stream 0 read 0, 7, 7 → (1, low, low) / (1 + 2 low)
        Assert.Equal((2, 2, 3), (weights.Senones, weights.Streams, weights.Densities));
        Assert.Equal(1 / (1 + (2 * low)), weights.Weights[0], 5);
        Assert.Equal(low / (1 + (2 * low)), weights.Weights[1], 5);
        Assert.Equal(low / (1 + (2 * low)), weights.Weights[2], 5);
        // senone 1, stream 1 read 0, 7, 0 → (1, low, 1) / (2 + low)
        Assert.Equal(1 / (2 + low), weights.Weights[9], 5);
        Assert.Equal(low / (2 + low), weights.Weights[10], 5);
        Assert.Equal(1 / (2 + low), weights.Weights[11], 5);
    }

    [Fact]
    public void WriteSphinx3_Weights_HeaderAlignedAndSizesThenFloats()
    {
        // Arrange
        var weights = MixtureWeights.ReadSendump(WriteSendump(densities: 2, senones: 1, streams: 1, [[0], [0]]));
        var output = Path.Combine(_folder, "mixture_weights");

        // Act
        weights.WriteSphinx3(output);

        // Assert: text header ending "endhdr\n" on a 4-byte boundary, byte-order mark, sizes, count, floats
        var bytes = File.ReadAllBytes(output);
        var end = Encoding.ASCII.GetString(bytes).IndexOf("endhdr\n", StringComparison.Ordinal) + "endhdr\n".Length;
        Assert.StartsWith("s3\nversion 1.0\n", Encoding.ASCII.GetString(bytes, 0, end), StringComparison.Ordinal);
        Assert.Equal(0, end % 4);
        var ints = Enumerable.Range(0, 5).Select(i => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(end + (4 * i)))).ToArray();
        Assert.Equal([0x11223344, 1, 1, 2, 2], ints);
        Assert.Equal(0.5f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(end + 20)));
        Assert.Equal(end + 28, bytes.Length);
    }

    [Fact]
    public void ReadSendump_NotASendump_ThrowsNamingTheFile()
    {
        // Arrange
        var path = Path.Combine(_folder, "sendump");
        File.WriteAllBytes(path, [0xff, 0xff, 0xff, 0x7f, 1, 2]);

        // Act
        var error = Assert.Throws<VoiceAdaptationException>(() => MixtureWeights.ReadSendump(path));

        // Assert
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("pocketsphinx-en-us", error.Message, StringComparison.Ordinal);
    }

    private string WriteSendump(int densities, int senones, int streams, byte[][] rows)
    {
        var path = Path.Combine(_folder, "sendump");
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        foreach (var text in new[] { "title", "feature_count " + streams, "mixw_shift 10", "cluster_count 0" })
        {
            var data = Encoding.ASCII.GetBytes(text + "\0");
            writer.Write(data.Length);
            writer.Write(data);
        }

        writer.Write(0);
        writer.Write(densities);
        writer.Write(senones);
        foreach (var row in rows)
        {
            writer.Write(row);
        }

        return path;
    }
}
