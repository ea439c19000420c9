using System.Buffers.Binary;
using System.Text;

namespace VoiceCoach.Tests.Audio.Vad;

/// <summary>
/// Minimal reader for the 16 kHz mono 16-bit PCM test inputs (golden and pocketsphinx clips). Test-only on purpose:
/// the product WAV reader belongs to VoiceCoach.Audio and is written elsewhere.
/// </summary>
internal static class TestWav
{
    public static float[] Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || Encoding.ASCII.GetString(bytes, 0, 4) != "RIFF" || Encoding.ASCII.GetString(bytes, 8, 4) != "WAVE")
        {
            throw new InvalidDataException($"{path}: not a RIFF/WAVE file");
        }

        var pos = 12;
        short channels = 0, bits = 0, format = 0;
        var rate = 0;
        while (pos + 8 <= bytes.Length)
        {
            var id = Encoding.ASCII.GetString(bytes, pos, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos + 4));
            var body = bytes.AsSpan(pos + 8, Math.Min(size, bytes.Length - pos - 8));
            if (id == "fmt ")
            {
                format = BinaryPrimitives.ReadInt16LittleEndian(body);
                channels = BinaryPrimitives.ReadInt16LittleEndian(body[2..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                bits = BinaryPrimitives.ReadInt16LittleEndian(body[14..]);
            }
            else if (id == "data")
            {
                if (format != 1 || channels != 1 || bits != 16 || rate != 16000)
                {
                    throw new InvalidDataException($"{path}: expected 16 kHz mono 16-bit PCM, got format {format}, {channels} ch, {bits} bit, {rate} Hz");
                }

                var samples = new float[body.Length / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(body[(2 * i)..]) / 32768f;
                }

                return samples;
            }

            pos += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{path}: no data chunk");
    }
}
