using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Speech;

/// <summary>
/// Runs a text-to-speech tool that writes a WAV (or AIFF) file, and reads that file into a 16 kHz
/// mono clip. The text goes to the tool's stdin as UTF-8 and every argument through
/// <see cref="ProcessStartInfo.ArgumentList"/>: no shell ever sees it. The output file lives in a
/// fresh temporary folder that is deleted afterwards, whatever happens; cancelling kills the
/// tool's process tree.
/// </summary>
internal static class SpeechProcess
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>What the tool did: its exit code, the last line it wrote to stderr, and the clip when it wrote one.</summary>
    public readonly record struct Outcome(int ExitCode, string Error, AudioClip? Clip);

    /// <summary>
    /// Runs <paramref name="executable"/> with the arguments <paramref name="arguments"/> makes
    /// from the output path, feeds it <paramref name="text"/>, and reads what it wrote.
    /// </summary>
    public static async Task<Outcome> RunAsync(
        string engine,
        string executable,
        Func<string, IEnumerable<string>> arguments,
        string text,
        string extension,
        IReadOnlyDictionary<string, string>? environment,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var folder = Directory.CreateTempSubdirectory("voicecoach-tts-").FullName;
        try
        {
            var output = Path.Combine(folder, "speech." + extension);
            var info = new ProcessStartInfo(executable)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardInputEncoding = Utf8NoBom,
                UseShellExecute = false,
                CreateNoWindow = true,
            };
            foreach (var argument in arguments(output))
            {
                info.ArgumentList.Add(argument);
            }

            foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            {
                info.Environment[key] = value;
            }

            // For tools whose script cannot take arguments (PowerShell -EncodedCommand).
            info.Environment["VOICECOACH_TTS_OUT"] = output;

            Process process;
            try
            {
                process = Process.Start(info) ?? throw new InvalidOperationException(executable + " did not start");
            }
            catch (Win32Exception e)
            {
                throw new SpeechSynthesisException(engine, $"cannot run {executable} ({e.Message})", $"check the {engine} installation", e);
            }

            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
                try
                {
                    try
                    {
                        await process.StandardInput.WriteAsync((text + "\n").AsMemory(), cancellationToken);
                        process.StandardInput.Close();
                    }
                    catch (IOException)
                    {
                        // The tool exited without reading all of its input; its exit code and
                        // stderr say why.
                    }

                    await process.WaitForExitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Kill(process);
                    throw;
                }

                await stdout;
                var error = LastLine(await stderr);
                AudioClip? clip = null;
                if (File.Exists(output) && new FileInfo(output).Length > 0)
                {
                    try
                    {
                        clip = AudioFileReader.ReadClip(output, cancellationToken);
                    }
                    catch (AudioFormatException e)
                    {
                        throw new SpeechSynthesisException(engine, $"wrote audio that cannot be read ({e.Problem})", e.Fix, e);
                    }
                }

                return new Outcome(process.ExitCode, error, clip);
            }
        }
        finally
        {
            TryDelete(folder);
        }
    }

    /// <summary>The clip of a run that must have produced one, or the engine's one-line failure.</summary>
    public static AudioClip Require(string engine, Outcome outcome, string text)
    {
        if (outcome.ExitCode != 0 || outcome.Clip is null || outcome.Clip.Samples.Length == 0)
        {
            var problem = outcome.ExitCode != 0
                ? string.Create(CultureInfo.InvariantCulture, $"failed with exit code {outcome.ExitCode}")
                : "wrote no audio";
            if (outcome.Error.Length > 0)
            {
                problem += " (" + outcome.Error + ")";
            }

            throw new SpeechSynthesisException(engine, problem, $"check that `{engine}` works from a terminal, or choose another voice");
        }

        return new AudioClip(outcome.Clip.Samples, $"{engine}: {Abbreviate(text)}");
    }

    /// <summary>Straight quotes, dashes and ellipses for engines that read bytes, not Unicode (festival).</summary>
    public static string ToPlainPunctuation(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\u2018' or '\u2019' or '\u201B' or '\u2032' => builder.Append('\''),
                '\u201C' or '\u201D' or '\u201F' or '\u2033' => builder.Append('"'),
                '\u2013' or '\u2014' or '\u2212' => builder.Append(", "),
                '\u2026' => builder.Append("..."),
                '\u00A0' or '\u2009' or '\u202F' => builder.Append(' '),
                '\r' or '\n' or '\t' => builder.Append(' '),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    private static string Abbreviate(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ").Trim();
        return oneLine.Length <= 60 ? oneLine : string.Concat(oneLine.AsSpan(0, 57), "...");
    }

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "" : lines[^1];
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exiting as we asked; nothing more to do.
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the tool may still hold the file on Windows for a moment.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort, as above.
        }
    }
}
