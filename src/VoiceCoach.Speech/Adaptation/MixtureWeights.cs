using System.Buffers.Binary;
using System.Text;

namespace VoiceCoach.Speech.Adaptation;

/// <summary>
/// The acoustic model's mixture weights, which SphinxTrain's <c>bw</c> needs to align enrollment audio. Debian's en-us
/// model ships them only as PocketSphinx's compact <c>sendump</c> (each weight quantised to a byte of -log base 1.0001,
/// shifted); this reads that file and writes the Sphinx-III <c>mixture_weights</c> file <c>bw</c> reads. Quantisation
/// loses nothing <c>bw</c> needs: the decoder itself scores with these very values.
/// </summary>
internal sealed class MixtureWeights
{
    private const double LogBase = 1.0001;
    private const int MaxHeaderString = 65536;

    private MixtureWeights(int senones, int streams, int densities, float[] weights)
    {
        Senones = senones;
        Streams = streams;
        Densities = densities;
        Weights = weights;
    }

    /// <summary>Tied states (senones).</summary>
    public int Senones { get; }

    /// <summary>Feature streams (3 for en-us: cepstra, deltas, double deltas).</summary>
    public int Streams { get; }

    /// <summary>Gaussians per codebook.</summary>
    public int Densities { get; }

    /// <summary>Weights in senone, stream, density order; each senone's weights in a stream sum to 1.</summary>
    public float[] Weights { get; }

    /// <summary>Reads a <c>sendump</c> file.</summary>
    /// <exception cref="VoiceAdaptationException">The file is not a sendump (or is clustered, which en-us is not).</exception>
    public static MixtureWeights ReadSendump(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        try
        {
            return ReadSendump(reader, path);
        }
        catch (EndOfStreamException e)
        {
            throw new VoiceAdaptationException($"{path}: the sendump file ends early; reinstall the acoustic model (pocketsphinx-en-us)", e);
        }
    }

    private static MixtureWeights ReadSendump(BinaryReader reader, string path)
    {
        var settings = new Dictionary<string, int>(StringComparer.Ordinal);
        ReadHeaderString(reader, path); // title
        while (ReadHeaderString(reader, path) is { } line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && int.TryParse(parts[1], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                settings[parts[0]] = value;
            }
        }

        if (settings.GetValueOrDefault("cluster_count") != 0)
        {
            throw new VoiceAdaptationException($"{path}: a clustered sendump is not supported; use an acoustic model with a mixture_weights file");
        }

        var shift = settings.GetValueOrDefault("mixw_shift", 10);
        var streams = settings.GetValueOrDefault("feature_count", 1);
        var densities = reader.ReadInt32();
        var senones = reader.ReadInt32();
        if (densities is <= 0 or > 4096 || senones is <= 0 or > 1_000_000 || streams is <= 0 or > 16)
        {
            throw new VoiceAdaptationException($"{path}: unexpected sizes ({senones} senones, {streams} streams, {densities} densities); is this a PocketSphinx sendump?");
        }

        // Stored density by density (all senones' bytes for one density in a row), per stream.
        var weights = new float[senones * streams * densities];
        var row = new byte[senones];
        for (var s = 0; s < streams; s++)
        {
            for (var d = 0; d < densities; d++)
            {
                reader.BaseStream.ReadExactly(row);
                for (var senone = 0; senone < senones; senone++)
                {
                    weights[((senone * streams) + s) * densities + d] = (float)Math.Pow(LogBase, -(row[senone] << shift));
                }
            }
        }

        Normalise(weights, densities);
        return new MixtureWeights(senones, streams, densities, weights);
    }

    private static void Normalise(float[] weights, int densities)
    {
        for (var start = 0; start < weights.Length; start += densities)
        {
            var span = weights.AsSpan(start, densities);
            var sum = 0.0;
            foreach (var w in span)
            {
                sum += w;
            }

            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (float)(span[i] / sum);
            }
        }
    }

    /// <summary>Writes the Sphinx-III <c>mixture_weights</c> file (text header, byte-order mark, sizes, floats; native little-endian).</summary>
    public void WriteSphinx3(string path)
    {
        using var stream = File.Create(path);
        var header = "s3\nversion 1.0\n";
        var pad = (header.Length + "endhdr\n".Length) % 4;
        header += new string(' ', pad == 0 ? 0 : 4 - pad) + "endhdr\n";
        stream.Write(Encoding.ASCII.GetBytes(header));
        Span<byte> word = stackalloc byte[4];
        foreach (var value in new[] { 0x11223344, Senones, Streams, Densities, Weights.Length })
        {
            BinaryPrimitives.WriteInt32LittleEndian(word, value);
            stream.Write(word);
        }

        foreach (var w in Weights)
        {
            BinaryPrimitives.WriteSingleLittleEndian(word, w);
            stream.Write(word);
        }
    }

    private static string? ReadHeaderString(BinaryReader reader, string path)
    {
        var length = reader.ReadInt32();
        if (length == 0)
        {
            return null;
        }

        if (length is < 0 or > MaxHeaderString)
        {
            throw new VoiceAdaptationException($"{path}: not a PocketSphinx sendump file (header string of {length} bytes); reinstall the acoustic model (pocketsphinx-en-us)");
        }

        var bytes = reader.ReadBytes(length);
        return Encoding.ASCII.GetString(bytes, 0, Math.Max(0, bytes.Length - 1));
    }
}
