namespace VoiceCoach.Cli.Hosting;

/// <summary>The command's exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A user error: bad input file, broken prompt file, missing dependency. One red line.</summary>
    public const int UserError = 1;

    /// <summary>A usage error: unknown command or option, missing argument.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
