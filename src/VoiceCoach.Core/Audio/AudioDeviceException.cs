namespace VoiceCoach.Core.Audio;

/// <summary>
/// A capture or playback device that cannot be used. The message is one line naming the device,
/// the problem and the fix, e.g. "hw:3,0: cannot open for capture (No such device); `voicecoach
/// devices` lists inputs".
/// </summary>
public sealed class AudioDeviceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AudioDeviceException(string device, string problem, string fix)
        : base($"{device}: {problem}; {fix}")
    {
        Device = device;
        Problem = problem;
    }

    /// <summary>Creates the exception with the error that caused it.</summary>
    public AudioDeviceException(string device, string problem, string fix, Exception innerException)
        : base($"{device}: {problem}; {fix}", innerException)
    {
        Device = device;
        Problem = problem;
    }

    /// <summary>The device named in the message.</summary>
    public string Device { get; }

    /// <summary>What is wrong with it, without the fix (for callers that say their own).</summary>
    public string Problem { get; }
}
