namespace VoiceCoach.Audio.Decoding;

/// <summary>Names a file's container from its first bytes.</summary>
internal static class ContainerSniffer
{
    /// <summary>"WAV", "RF64", "FLAC", "MP3", "OGG", "M4A", "AIFF", "WEBM", "CAF", "AU"; null when the bytes say nothing.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8))
        {
            return "WAV";
        }

        if (head.Length >= 4)
        {
            if (head[..4].SequenceEqual("RF64"u8))
            {
                return "RF64";
            }

            if (head[..4].SequenceEqual("fLaC"u8))
            {
                return "FLAC";
            }

            if (head[..4].SequenceEqual("OggS"u8))
            {
                return "OGG";
            }

            if (head[..4].SequenceEqual("FORM"u8))
            {
                return "AIFF";
            }

            if (head[..4].SequenceEqual("caff"u8))
            {
                return "CAF";
            }

            if (head[..4].SequenceEqual(".snd"u8))
            {
                return "AU";
            }

            if (head[..4].SequenceEqual((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
            {
                return "WEBM";
            }
        }

        if (head.Length >= 8 && head[4..8].SequenceEqual("ftyp"u8))
        {
            return "M4A";
        }

        if ((head.Length >= 3 && head[..3].SequenceEqual("ID3"u8)) || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0))
        {
            return "MP3";
        }

        return null;
    }
}
