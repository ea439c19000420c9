using System.Globalization;
using VoiceCoach.Audio.Decoding;
using VoiceCoach.Audio.Wav;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio;

/// <summary>
/// Reads an audio file into the product format, 16 kHz mono float. WAV (PCM 8/16/24/32-bit,
/// float 32/64, extensible; any rate and channel count) is read by the built-in reader; any other
/// format (FLAC, MP3, OGG, M4A, …, and WAV codecs such as ADPCM) goes through ffmpeg, or sox,
/// when one is installed. The container is recognised from the file's first bytes; the name's
/// extension is only used when the bytes say nothing.
/// </summary>
public static class AudioFileReader
{
    /// <summary>Reads a file into a 16 kHz mono clip.</summary>
    /// <exception cref="AudioFormatException">The file is missing, malformed, or needs a decoder that is not installed; the message is one line naming the file, the problem and the fix.</exception>
    public static AudioClip ReadClip(string path, CancellationToken cancellationToken = default) =>
        Read(path, AudioFileReaderOptions.Default, cancellationToken).Clip;

    /// <summary>Reads a file into a 16 kHz mono clip, with its original format.</summary>
    /// <inheritdoc cref="ReadClip" path="/exception"/>
    public static DecodedAudio Read(string path, CancellationToken cancellationToken = default) =>
        Read(path, AudioFileReaderOptions.Default, cancellationToken);

    /// <summary>Reads a file into a 16 kHz mono clip, with its original format, using the given decoder settings.</summary>
    /// <inheritdoc cref="ReadClip" path="/exception"/>
    public static DecodedAudio Read(string path, AudioFileReaderOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        string container;
        WavFormat? unsupportedWav = null;
        using (var stream = WavReader.OpenRead(path))
        {
            Span<byte> head = stackalloc byte[12];
            var got = WavLayout.ReadFully(stream, head);
            var magic = ContainerSniffer.Sniff(head[..got]);
            var extension = Path.GetExtension(path).TrimStart('.').ToUpperInvariant();
            if (magic == "WAV")
            {
                var layout = WavLayout.Read(stream, path);
                if (layout.Format.IsSupported)
                {
                    return WavReader.Read(stream, path, cancellationToken);
                }

                unsupportedWav = layout.Format;
                container = string.Create(CultureInfo.InvariantCulture, $"WAV encoding 0x{layout.Format.FormatTag:X4}");
            }
            else if (magic is null && (got == 0 || extension is "" or "WAV" or "WAVE" || head[..Math.Min(got, 4)].SequenceEqual("RIFF"u8[..Math.Min(got, 4)])))
            {
                // Nothing an external tool would recognise either: let the WAV reader name the
                // problem (empty, truncated, not RIFF, not WAVE, …).
                return WavReader.Read(stream, path, cancellationToken);
            }
            else
            {
                container = magic ?? extension;
            }
        }

        var external = ExternalDecoder.Locate(options)
            ?? throw new AudioFormatException(path, $"cannot read {container} without ffmpeg or sox", "install one (apt-get install ffmpeg)");
        var decoded = external.Decode(path, container, cancellationToken);
        if (unsupportedWav is null)
        {
            return decoded;
        }

        // The WAV header knows the original format better than a probe does.
        return decoded with
        {
            Info = decoded.Info with
            {
                Container = "WAV",
                SampleRate = unsupportedWav.SampleRate,
                Channels = unsupportedWav.Channels,
                BitsPerSample = unsupportedWav.BitsPerSample,
            },
        };
    }
}
