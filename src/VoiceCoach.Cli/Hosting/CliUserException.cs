namespace VoiceCoach.Cli.Hosting;

/// <summary>A mistake in what the user asked for (a missing file, a bad value). Exit code 1, one red line.</summary>
internal sealed class CliUserException : Exception
{
    public CliUserException(string message)
        : base(message)
    {
    }

    public CliUserException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
