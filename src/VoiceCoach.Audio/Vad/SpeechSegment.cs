namespace VoiceCoach.Audio.Vad;

/// <summary>A stretch of speech, in time from the start of the audio. whisper.cpp reports centiseconds; so does this.</summary>
public readonly record struct SpeechSegment(TimeSpan Start, TimeSpan End)
{
    /// <summary>A segment from whisper.cpp-style centisecond times.</summary>
    public static SpeechSegment FromCentiseconds(long start, long end) =>
        new(TimeSpan.FromTicks(start * TimeSpan.TicksPerMillisecond * 10), TimeSpan.FromTicks(end * TimeSpan.TicksPerMillisecond * 10));

    /// <summary>Length of the segment.</summary>
    public TimeSpan Duration => End - Start;

    /// <summary>Start in centiseconds (whisper.cpp's unit).</summary>
    public long StartCentiseconds => (long)Math.Round(Start.TotalMilliseconds / 10, MidpointRounding.AwayFromZero);

    /// <summary>End in centiseconds (whisper.cpp's unit).</summary>
    public long EndCentiseconds => (long)Math.Round(End.TotalMilliseconds / 10, MidpointRounding.AwayFromZero);
}
