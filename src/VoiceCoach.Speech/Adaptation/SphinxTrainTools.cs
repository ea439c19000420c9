using System.ComponentModel;
using System.Diagnostics;

namespace VoiceCoach.Speech.Adaptation;

/// <summary>
/// The one place that runs CMU Sphinx's command-line tools for voice adaptation: <c>sphinx_fe</c> (features, from
/// Debian's <c>sphinxbase-utils</c>), <c>pocketsphinx_mdef_convert</c> (from <c>pocketsphinx</c>), and SphinxTrain's
/// <c>bw</c> (Baum-Welch statistics), <c>mllr_solve</c> and <c>mllr_transform</c> (the speaker transform),
/// <c>map_adapt</c> (maximum a posteriori re-estimation) and <c>mk_s2sendump</c> (PocketSphinx's mixture weights), from
/// <c>sphinxtrain</c>. Arguments
/// go through <see cref="ProcessStartInfo.ArgumentList"/>, never a shell.
/// </summary>
internal sealed class SphinxTrainTools
{
    /// <summary>What to install when a tool is missing.</summary>
    public const string InstallHint = "sudo apt-get install sphinxtrain sphinxbase-utils (or bash scripts/setup.sh)";

    private static readonly string[] TrainerFolders = ["/usr/lib/sphinxtrain", "/usr/local/lib/sphinxtrain", "/usr/libexec/sphinxtrain"];

    private static readonly string[] Needed = ["bw", "mllr_solve", "mllr_transform", "map_adapt", "mk_s2sendump"];

    private readonly string _trainerFolder;

    private SphinxTrainTools(string trainerFolder) => _trainerFolder = trainerFolder;

    /// <summary>Finds the tools: SphinxTrain in <c>$VOICECOACH_SPHINXTRAIN</c> or its usual folders, the others on PATH.</summary>
    /// <exception cref="VoiceAdaptationException">SphinxTrain is not installed; the message says how to install it.</exception>
    public static SphinxTrainTools Find()
    {
        var candidates = Environment.GetEnvironmentVariable("VOICECOACH_SPHINXTRAIN") is { Length: > 0 } given ? [given] : TrainerFolders;
        var folder = candidates.FirstOrDefault(f => Needed.All(tool => File.Exists(Path.Combine(f, tool))))
            ?? throw new VoiceAdaptationException(
                $"SphinxTrain's {string.Join(", ", Needed)} were not all found in {string.Join(", ", candidates)}; install them: {InstallHint}");
        return new SphinxTrainTools(folder);
    }

    /// <summary>Runs <c>sphinx_fe</c> over the files a control file lists: WAV in, MFCC out, the model's own front end.</summary>
    public Task FeaturesAsync(string featParams, string control, string wavFolder, string mfcFolder, CancellationToken ct) =>
        RunAsync("sphinx_fe", ["-argfile", featParams, "-samprate", "16000", "-c", control, "-di", wavFolder, "-do", mfcFolder, "-ei", "wav", "-eo", "mfc", "-mswav", "yes"], null, ct);

    /// <summary>Writes the model definition as text (<c>bw</c> does not read the binary one).</summary>
    public Task TextModelDefinitionAsync(string binary, string text, CancellationToken ct) =>
        RunAsync("pocketsphinx_mdef_convert", ["-text", binary, text], null, ct);

    /// <summary>Runs <c>bw</c>: aligns the enrollment against the model and accumulates its statistics; its log goes to <paramref name="log"/>.</summary>
    public Task BaumWelchAsync(IReadOnlyList<string> arguments, string log, CancellationToken ct) =>
        RunAsync(Path.Combine(_trainerFolder, "bw"), arguments, log, ct);

    /// <summary>Runs <c>mllr_solve</c>: one regression class, means transformed, from <c>bw</c>'s statistics.</summary>
    public Task SolveMllrAsync(string means, string variances, string accumulated, string output, CancellationToken ct) =>
        RunAsync(Path.Combine(_trainerFolder, "mllr_solve"), ["-meanfn", means, "-varfn", variances, "-outmllrfn", output, "-accumdir", accumulated], null, ct);

    /// <summary>Runs <c>mllr_transform</c>: writes the means with the transform applied.</summary>
    public Task TransformMeansAsync(string means, string transform, string output, CancellationToken ct) =>
        RunAsync(Path.Combine(_trainerFolder, "mllr_transform"), ["-inmeanfn", means, "-outmeanfn", output, "-mllrmat", transform], null, ct);

    /// <summary>Runs <c>map_adapt</c> with <paramref name="arguments"/> (the prior model, the statistics, the outputs).</summary>
    public Task MapAdaptAsync(IReadOnlyList<string> arguments, CancellationToken ct) =>
        RunAsync(Path.Combine(_trainerFolder, "map_adapt"), arguments, null, ct);

    /// <summary>Runs <c>mk_s2sendump</c>: mixture weights into the sendump PocketSphinx reads.</summary>
    public Task SendumpAsync(string modelDefinition, string mixtureWeights, string output, CancellationToken ct) =>
        RunAsync(Path.Combine(_trainerFolder, "mk_s2sendump"), ["-pocketsphinx", "yes", "-moddeffn", modelDefinition, "-mixwfn", mixtureWeights, "-sendumpfn", output], null, ct);

    private static async Task RunAsync(string tool, IReadOnlyList<string> arguments, string? log, CancellationToken ct)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new VoiceAdaptationException($"{tool} did not start; install it: {InstallHint}");
        }
        catch (Win32Exception e)
        {
            throw new VoiceAdaptationException($"cannot run {Path.GetFileName(tool)} ({e.Message}); install it: {InstallHint}", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var output = await stdout + await stderr;
            if (log is not null)
            {
                await File.WriteAllTextAsync(log, output, CancellationToken.None);
            }

            if (process.ExitCode != 0)
            {
                var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .LastOrDefault(l => l.Contains("ERROR", StringComparison.Ordinal) || l.Contains("FATAL", StringComparison.Ordinal))
                    ?? output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "no output";
                throw new VoiceAdaptationException($"{Path.GetFileName(tool)} failed (exit {process.ExitCode}): {last.Trim()}");
            }
        }
    }
}
