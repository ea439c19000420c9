namespace VoiceCoach.Audio;

/// <summary>Which external program decodes formats other than WAV.</summary>
public enum ExternalDecoderChoice
{
    /// <summary>ffmpeg when installed, else sox, else none (the default).</summary>
    Auto = 0,

    /// <summary>Only ffmpeg.</summary>
    Ffmpeg,

    /// <summary>Only sox.</summary>
    Sox,

    /// <summary>No external decoder: only WAV files are read.</summary>
    None,
}

/// <summary>Settings for <see cref="AudioFileReader"/>.</summary>
public sealed class AudioFileReaderOptions
{
    /// <summary>The shared default settings.</summary>
    public static AudioFileReaderOptions Default { get; } = new();

    /// <summary>Which external decoder to use for non-WAV files. Default <see cref="ExternalDecoderChoice.Auto"/>.</summary>
    public ExternalDecoderChoice Decoder { get; init; } = ExternalDecoderChoice.Auto;

    /// <summary>Directories searched for ffmpeg/sox, separated like PATH. Default null: the PATH variable.</summary>
    public string? ToolSearchPath { get; init; }
}
