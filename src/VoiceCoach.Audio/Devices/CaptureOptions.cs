namespace VoiceCoach.Audio.Devices;

/// <summary>How a capture device is opened. Whatever is chosen, frames arrive as 16 kHz mono.</summary>
public sealed class CaptureOptions
{
    /// <summary>The shared defaults.</summary>
    public static CaptureOptions Default { get; } = new();

    /// <summary>
    /// Rate to ask the device for. Default null: the device's native rate nearest 16 kHz (no
    /// driver-side resampling; our resampler converts).
    /// </summary>
    public int? SampleRate { get; init; }

    /// <summary>Channels to ask the device for. Default null: the fewest the device offers (averaged to mono).</summary>
    public int? Channels { get; init; }

    /// <summary>Audio delivered per frame. Default 20 ms.</summary>
    public TimeSpan FrameDuration { get; init; } = TimeSpan.FromMilliseconds(20);
}
