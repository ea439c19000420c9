using System.Buffers.Binary;
using System.Globalization;

namespace VoiceCoach.Audio.Wav;

/// <summary>What <see cref="WavRepair"/> found (and, after <see cref="WavRepair.Repair"/>, fixed).</summary>
/// <param name="NeedsRepair">True when the header sizes disagreed with the file.</param>
/// <param name="DeclaredDataBytes">The data size the header held.</param>
/// <param name="ActualDataBytes">The whole-frame audio bytes the file really holds.</param>
/// <param name="Duration">Duration of the audio the file really holds.</param>
/// <param name="Description">One line saying what was wrong, for the user.</param>
public sealed record WavRepairResult(bool NeedsRepair, long DeclaredDataBytes, long ActualDataBytes, TimeSpan Duration, string Description);

/// <summary>
/// Recognises a WAV left by a crash — RIFF/data sizes of 0, or stale against the file length,
/// or pointing past the end — and rewrites its header to match the audio actually on disk.
/// A trailing partial frame is cut off. Chunks after the data chunk are left alone.
/// </summary>
public static class WavRepair
{
    /// <summary>Checks a file without changing it.</summary>
    /// <exception cref="AudioFormatException">The file is not a WAV file with fmt and data chunks.</exception>
    public static WavRepairResult Inspect(string path)
    {
        using var stream = WavReader.OpenRead(path);
        return Inspect(stream, path);
    }

    /// <summary>Fixes the header in place when needed and says what was done.</summary>
    /// <exception cref="AudioFormatException">The file is not a WAV file with fmt and data chunks.</exception>
    public static WavRepairResult Repair(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var result = Inspect(stream, path);
        if (!result.NeedsRepair)
        {
            return result;
        }

        var layout = WavLayout.Read(stream, path);
        if (layout.DataIsLast)
        {
            stream.SetLength(layout.DataOffset + result.ActualDataBytes);
        }

        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)result.ActualDataBytes);
        stream.Position = layout.DataOffset - 4;
        stream.Write(size);
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)(stream.Length - 8));
        stream.Position = 4;
        stream.Write(size);
        stream.Flush(flushToDisk: true);
        return result;
    }

    private static WavRepairResult Inspect(Stream stream, string path)
    {
        var layout = WavLayout.Read(stream, path);
        var actual = layout.DataBytes;
        if (layout.DataIsLast)
        {
            // Everything after the header is audio: count all whole frames on disk.
            actual = (stream.Length - layout.DataOffset) / layout.Format.BlockAlign * layout.Format.BlockAlign;
        }

        var expectedRiff = (layout.DataIsLast ? layout.DataOffset + actual : stream.Length) - 8;
        var needs = layout.DeclaredDataBytes != actual || layout.RiffSize != expectedRiff;
        var duration = TimeSpan.FromSeconds(actual / (double)layout.Format.BlockAlign / layout.Format.SampleRate);
        var description = needs
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"{path}: header said {layout.DeclaredDataBytes} bytes of audio (RIFF size {layout.RiffSize}); the file holds {actual} ({duration.TotalSeconds:F2} s)")
            : string.Create(CultureInfo.InvariantCulture, $"{path}: header is consistent ({duration.TotalSeconds:F2} s)");
        return new WavRepairResult(needs, layout.DeclaredDataBytes, actual, duration, description);
    }
}
