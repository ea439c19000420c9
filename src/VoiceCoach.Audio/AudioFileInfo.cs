namespace VoiceCoach.Audio;

/// <summary>How samples are encoded in the source file.</summary>
public enum SampleEncoding
{
    /// <summary>Not known (e.g. decoded by an external tool that did not say).</summary>
    Unknown = 0,

    /// <summary>Integer PCM (8-bit unsigned, 16/24/32-bit signed).</summary>
    Pcm,

    /// <summary>IEEE float (32 or 64 bit).</summary>
    IeeeFloat,

    /// <summary>A compressed codec (FLAC, MP3, Vorbis, AAC, …) decoded by an external tool.</summary>
    Compressed,
}

/// <summary>
/// The original format of an audio file, before conversion to 16 kHz mono float.
/// </summary>
/// <param name="Container">"WAV", or the container/codec an external decoder reported (e.g. "flac").</param>
/// <param name="SampleRate">Original sample rate in Hz; 0 when unknown.</param>
/// <param name="Channels">Original channel count; 0 when unknown.</param>
/// <param name="BitsPerSample">Bits per sample (container size for WAV); 0 when unknown.</param>
/// <param name="Encoding">How samples are encoded.</param>
/// <param name="Duration">Duration of the audio actually read.</param>
/// <param name="Decoder">"managed" for our WAV reader, otherwise the tool used ("ffmpeg", "sox").</param>
/// <param name="Warning">A problem that did not stop reading (e.g. a truncated data chunk); null when none.</param>
public sealed record AudioFileInfo(
    string Container,
    int SampleRate,
    int Channels,
    int BitsPerSample,
    SampleEncoding Encoding,
    TimeSpan Duration,
    string Decoder,
    string? Warning);
