using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace VoiceCoach.Audio.Wav;

/// <summary>
/// Where a WAV file's audio lives, found by walking its chunks without reading the audio.
/// Sizes are never trusted for allocation: every size is checked against the file length.
/// </summary>
/// <param name="Format">The fmt chunk.</param>
/// <param name="DataOffset">Byte offset of the first audio byte.</param>
/// <param name="DataBytes">Audio bytes to read: whole frames only, never past the end of the file.</param>
/// <param name="DeclaredDataBytes">The data chunk's size field as written.</param>
/// <param name="RiffSize">The RIFF size field as written.</param>
/// <param name="DataIsLast">True when nothing but padding follows the audio (so a stale size can be repaired).</param>
/// <param name="Warning">Why <paramref name="DataBytes"/> differs from the declared size; null when it does not.</param>
public sealed record WavLayout(
    WavFormat Format,
    long DataOffset,
    long DataBytes,
    long DeclaredDataBytes,
    long RiffSize,
    bool DataIsLast,
    string? Warning)
{
    /// <summary>Smallest sample rate accepted, in Hz.</summary>
    public const int MinSampleRate = 1_000;

    /// <summary>Largest sample rate accepted, in Hz.</summary>
    public const int MaxSampleRate = 1_000_000;

    /// <summary>Largest channel count accepted.</summary>
    public const int MaxChannels = 64;

    internal const string ReExport = "re-record it, or re-export it as 16-bit PCM WAV (ffmpeg -i in.wav -c:a pcm_s16le out.wav)";

    // The last 14 bytes of every KSDATAFORMAT_SUBTYPE_* GUID; the first two bytes hold the format tag.
    private static readonly byte[] SubFormatTail =
        [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>Frames of audio available.</summary>
    public long Frames => DataBytes / Format.BlockAlign;

    /// <summary>Duration of the available audio.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Frames / (double)Format.SampleRate);

    /// <summary>Walks the chunks of a seekable stream positioned anywhere; leaves the position undefined.</summary>
    /// <param name="stream">The WAV bytes; must be seekable.</param>
    /// <param name="name">The file name for messages.</param>
    /// <exception cref="AudioFormatException">The file is not a readable WAV file.</exception>
    public static WavLayout Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The WAV reader needs a seekable stream.", nameof(stream));
        }

        var length = stream.Length;
        if (length == 0)
        {
            throw new AudioFormatException(name, "empty file (0 bytes)", "record again or choose another file");
        }

        Span<byte> head = stackalloc byte[12];
        stream.Position = 0;
        var got = ReadFully(stream, head);
        if (got >= 4 && head[..4].SequenceEqual("RF64"u8))
        {
            throw new AudioFormatException(name, "RF64 (64-bit WAV) is not supported by the built-in reader", "install ffmpeg or sox (apt-get install ffmpeg), or convert it to a plain WAV");
        }

        var riffPrefix = "RIFF"u8[..Math.Min(4, got)];
        if (!head[..riffPrefix.Length].SequenceEqual(riffPrefix))
        {
            throw new AudioFormatException(name, $"not a WAV file (starts with {Describe(head[..Math.Min(got, 4)])}; expected 'RIFF')", "choose a WAV file, or install ffmpeg to read other formats");
        }

        if (got < 12)
        {
            throw new AudioFormatException(name, $"truncated header ({length} bytes; a WAV file needs at least 44)", ReExport);
        }

        if (!head[8..12].SequenceEqual("WAVE"u8))
        {
            throw new AudioFormatException(name, $"RIFF file but not WAVE (form type {Describe(head[8..12])})", "choose a WAV file");
        }

        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(head[4..8]);
        WavFormat? format = null;
        long position = 12;
        Span<byte> chunk = stackalloc byte[8];
        while (position + 8 <= length)
        {
            stream.Position = position;
            ReadFully(stream, chunk);
            var id = chunk[..4];
            long size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..8]);
            var body = position + 8;
            var remaining = length - body;
            if (id.SequenceEqual("fmt "u8))
            {
                if (format is not null)
                {
                    throw new AudioFormatException(name, "two fmt chunks", ReExport);
                }

                if (size < 16)
                {
                    throw new AudioFormatException(name, $"fmt chunk too small ({size} bytes; needs at least 16)", ReExport);
                }

                if (size > remaining)
                {
                    throw new AudioFormatException(name, $"truncated header (fmt chunk claims {size} bytes, {remaining} remain)", ReExport);
                }

                var bytes = new byte[Math.Min(size, 64)];
                ReadFully(stream, bytes);
                format = ParseFormat(bytes, name);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is null)
                {
                    throw new AudioFormatException(name, "data chunk comes before the fmt chunk", ReExport);
                }

                return DataLayout(stream, name, format, body, size, remaining, riffSize);
            }
            else if (size > remaining)
            {
                throw new AudioFormatException(
                    name,
                    $"chunk {Describe(id)} at byte {position} claims {size} bytes but only {remaining} remain, and no data chunk came before it",
                    ReExport);
            }

            position = NextChunk(stream, body, size, length);
        }

        if (format is null)
        {
            throw new AudioFormatException(name, position <= 12 && length < 44 ? $"truncated header ({length} bytes; a WAV file needs at least 44)" : "no fmt chunk", ReExport);
        }

        throw new AudioFormatException(name, "no data chunk", ReExport);
    }

    private static WavLayout DataLayout(Stream stream, string name, WavFormat format, long body, long declared, long remaining, long riffSize)
    {
        var block = format.BlockAlign;
        string? warning = null;
        long usable;
        bool last;
        if (declared > remaining)
        {
            usable = remaining;
            last = true;
            if (declared is not (0xFFFFFFFF or 0x7FFFFFFF))
            {
                warning = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{name}: data chunk claims {declared} bytes but the file holds {remaining}; read the {remaining / block} whole frames present (truncated file?)");
            }
        }
        else if (declared == 0 && remaining >= block && !LooksLikeChunk(stream, body, remaining))
        {
            usable = remaining;
            last = true;
            warning = string.Create(
                CultureInfo.InvariantCulture,
                $"{name}: data chunk size is 0 but {remaining} bytes follow (an unfinished recording?); read them; WavRepair fixes the header");
        }
        else
        {
            usable = declared;
            var after = body + declared + (declared & 1);
            last = after >= body + remaining || !LooksLikeChunk(stream, after, body + remaining - after);
            var trailing = remaining - declared;
            if (last && trailing > declared && trailing >= format.SampleRate * (long)block)
            {
                // More than a second of bytes that are no chunk follows a smaller declared size: the size lies (a
                // writer that never finished its header, or a bad edit), and the audio is what follows. Reading only
                // the declared bytes gave "0 words, 0.0 s" without a word.
                usable = remaining;
                warning = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{name}: data chunk claims {declared} bytes but {remaining} bytes of audio follow it; read them all ({remaining / block / (double)format.SampleRate:0.0} s); re-export the file to fix its header");
            }
        }

        var dataBytes = usable / block * block;
        if (dataBytes == 0)
        {
            throw new AudioFormatException(name, "no audio (the data chunk is empty)", "record again; the file holds a header only");
        }

        return new WavLayout(format, body, dataBytes, declared, riffSize, last, warning);
    }

    private static WavFormat ParseFormat(ReadOnlySpan<byte> fmt, string name)
    {
        var tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        var blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        var extensible = tag == WavFormat.ExtensibleTag;
        if (extensible)
        {
            if (fmt.Length < 40)
            {
                throw new AudioFormatException(name, $"WAVE_FORMAT_EXTENSIBLE fmt chunk too small ({fmt.Length} bytes; needs 40)", ReExport);
            }

            var guid = fmt[24..40];
            if (!guid[2..].SequenceEqual(SubFormatTail))
            {
                throw new AudioFormatException(name, $"unknown WAVE_FORMAT_EXTENSIBLE sub-format {new Guid(guid)}", "install ffmpeg (apt-get install ffmpeg), or convert it to 16-bit PCM WAV");
            }

            tag = BinaryPrimitives.ReadUInt16LittleEndian(guid);
        }

        if (channels == 0)
        {
            throw new AudioFormatException(name, "0 channels in the fmt chunk", ReExport);
        }

        if (channels > MaxChannels)
        {
            throw new AudioFormatException(name, $"{channels} channels in the fmt chunk (at most {MaxChannels} are accepted)", ReExport);
        }

        if (rate is < MinSampleRate or > MaxSampleRate)
        {
            throw new AudioFormatException(
                name,
                string.Create(CultureInfo.InvariantCulture, $"sample rate {rate} Hz is out of range ({MinSampleRate} Hz to {MaxSampleRate} Hz)"),
                ReExport);
        }

        var format = new WavFormat(tag, (int)rate, channels, bits, blockAlign, extensible);
        if (tag is WavFormat.Pcm or WavFormat.IeeeFloat && !format.IsSupported)
        {
            var kind = tag == WavFormat.Pcm ? "PCM" : "float";
            var allowed = tag == WavFormat.Pcm ? "8, 16, 24 or 32" : "32 or 64";
            throw new AudioFormatException(name, $"{bits}-bit {kind} is not supported ({allowed} bits)", "convert it to 16-bit PCM WAV (ffmpeg -i in.wav -c:a pcm_s16le out.wav)");
        }

        if (format.IsSupported && blockAlign != channels * (bits / 8))
        {
            throw new AudioFormatException(name, $"block align {blockAlign} does not match {channels} channels of {bits} bits", ReExport);
        }

        if (blockAlign == 0)
        {
            throw new AudioFormatException(name, "block align 0 in the fmt chunk", ReExport);
        }

        return format;
    }

    private static long NextChunk(Stream stream, long body, long size, long length)
    {
        var next = body + size;
        if ((size & 1) == 0)
        {
            return next;
        }

        // RIFF pads odd chunks with a zero byte, but some writers forget it: take the padded
        // position when the pad is zero and a chunk header follows it, else the unpadded one
        // when a chunk header starts there.
        if (next < length)
        {
            stream.Position = next;
            var pad = stream.ReadByte();
            if (pad == 0 && LooksLikeChunk(stream, next + 1, length - next - 1))
            {
                return next + 1;
            }

            if (LooksLikeChunk(stream, next, length - next))
            {
                return next;
            }
        }

        return next + 1;
    }

    /// <summary>True when 8 bytes at <paramref name="position"/> look like a chunk header: four printable ASCII characters and a size that fits.</summary>
    private static bool LooksLikeChunk(Stream stream, long position, long remaining)
    {
        if (remaining < 8)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[8];
        stream.Position = position;
        if (ReadFully(stream, header) < 8)
        {
            return false;
        }

        foreach (var b in header[..4])
        {
            if (b is < 0x20 or > 0x7E)
            {
                return false;
            }
        }

        // A real chunk fits in the file (allowing for a missing pad byte); audio bytes rarely do both.
        return BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) <= remaining - 8 + 1;
    }

    internal static int ReadFully(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    internal static string Describe(ReadOnlySpan<byte> bytes)
    {
        var printable = true;
        foreach (var b in bytes)
        {
            printable &= b is >= 0x20 and <= 0x7E;
        }

        if (printable)
        {
            return "'" + Encoding.ASCII.GetString(bytes) + "'";
        }

        return "0x" + Convert.ToHexString(bytes);
    }
}
