namespace VoiceCoach.Grading.Calibration;

/// <summary>
/// The calibration weights file cannot be used: not JSON, malformed, or trained on another feature list or grade scale.
/// The message names the file and says what to do (retrain with `voicecoach grading calibrate`, or delete the file for
/// the plain rubric).
/// </summary>
public sealed class CalibrationException : Exception
{
    public CalibrationException(string file, string problem, Exception? innerException = null)
        : base($"{file}: {problem}", innerException)
    {
        File = file;
    }

    /// <summary>The weights file, as the user would name it.</summary>
    public string File { get; }
}
