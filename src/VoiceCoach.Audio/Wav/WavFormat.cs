namespace VoiceCoach.Audio.Wav;

/// <summary>The sample format declared by a WAV file's fmt chunk (after resolving WAVE_FORMAT_EXTENSIBLE).</summary>
/// <param name="FormatTag">The format code: 1 PCM, 3 IEEE float, others (ADPCM, µ-law, …) unsupported by the built-in reader.</param>
/// <param name="SampleRate">Frames per second.</param>
/// <param name="Channels">Interleaved channels per frame.</param>
/// <param name="BitsPerSample">Container bits per sample.</param>
/// <param name="BlockAlign">Bytes per frame.</param>
/// <param name="Extensible">True when the fmt chunk was WAVE_FORMAT_EXTENSIBLE.</param>
public sealed record WavFormat(int FormatTag, int SampleRate, int Channels, int BitsPerSample, int BlockAlign, bool Extensible)
{
    /// <summary>WAVE_FORMAT_PCM.</summary>
    public const int Pcm = 1;

    /// <summary>WAVE_FORMAT_IEEE_FLOAT.</summary>
    public const int IeeeFloat = 3;

    /// <summary>WAVE_FORMAT_EXTENSIBLE.</summary>
    public const int ExtensibleTag = 0xFFFE;

    /// <summary>The encoding, or <see cref="SampleEncoding.Unknown"/> for codecs the built-in reader cannot decode.</summary>
    public SampleEncoding Encoding => FormatTag switch
    {
        Pcm => SampleEncoding.Pcm,
        IeeeFloat => SampleEncoding.IeeeFloat,
        _ => SampleEncoding.Unknown,
    };

    /// <summary>True when the built-in reader decodes this format.</summary>
    public bool IsSupported => (FormatTag == Pcm && BitsPerSample is 8 or 16 or 24 or 32)
        || (FormatTag == IeeeFloat && BitsPerSample is 32 or 64);
}
