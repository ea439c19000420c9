using System.Diagnostics;
using System.Runtime.InteropServices;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.IntegrationTests.Speech;

/// <summary>
/// Test-only clip reader: converts any file sox understands to 16 kHz mono 16-bit PCM on stdout
/// (<c>sox FILE -r 16000 -c 1 -b 16 -e signed -t raw -</c>) and scales the samples to [-1, 1].
/// The product's reader lives in VoiceCoach.Audio; this keeps the speech tests independent of it.
/// </summary>
internal static class SoxClipLoader
{
    public static async Task<AudioClip> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("sox")
        {
            ArgumentList = { path, "-r", "16000", "-c", "1", "-b", "16", "-e", "signed", "-t", "raw", "-" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("sox did not start: apt-get install sox");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var pcm = new MemoryStream();
        await process.StandardOutput.BaseStream.CopyToAsync(pcm, cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{path}: sox failed ({process.ExitCode}): {await errors}");
        }

        var shorts = MemoryMarshal.Cast<byte, short>(pcm.GetBuffer().AsSpan(0, (int)pcm.Length));
        var samples = new float[shorts.Length];
        for (var i = 0; i < shorts.Length; i++)
        {
            samples[i] = shorts[i] / 32768f;
        }

        return new AudioClip(samples, path);
    }
}
