using VoiceCoach.Audio;
using VoiceCoach.Cli.Hosting;

// The `voicecoach` entry point: wiring only. Every command lives in Commands/.
var verbose = args.Contains("--verbose") || args.Contains("-v");
var (logging, logPath) = Logging.Create(verbose);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C cancels the running command gracefully (recordings are kept); a second one kills.
    if (!cancel.IsCancellationRequested)
    {
        e.Cancel = true;
        cancel.Cancel();
    }
};

try
{
    var services = new CliServices
    {
        Console = CliConsole.Create(Console.Out, Console.IsOutputRedirected),
        Out = Console.Out,
        Time = TimeProvider.System,
        Logging = logging,
        LogPath = logPath,
        WorkingDirectory = Environment.CurrentDirectory,
        LoadAudioAsync = (path, ct) => Task.Run(() => AudioFileReader.ReadClip(path, ct), ct),
        CreateTranscriber = request => EngineFactory.Create(request, logging, Environment.CurrentDirectory),
    };
    return await CliApp.RunAsync(args, services, cancel.Token);
}
finally
{
    SharedEncoder.DisposeIfLoaded();
    logging.Dispose();
}
