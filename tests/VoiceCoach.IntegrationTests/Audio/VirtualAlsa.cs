using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using VoiceCoach.Audio;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Audio;

/// <summary>
/// Real ALSA devices without hardware: an asoundrc whose `type file` PCMs read their capture data
/// from raw S16_LE files made from ../shared/speech/jfk (a 16 kHz mono one and a 44.1 kHz stereo
/// one), read silence from /dev/zero, and write playback to a file. Children started through
/// <see cref="RunHost"/> get it as ALSA_CONFIG_PATH; this process never loads it.
/// Needs libasound2 and sox (CI installs them).
/// </summary>
public sealed class VirtualAlsa : IDisposable
{
    public VirtualAlsa()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("voicecoach-alsa-").FullName;
        JfkPath = RepoPaths.SharedFile("speech", "jfk", "jfk.wav");
        Jfk = AudioFileReader.ReadClip(JfkPath).Samples;

        var mono16 = Path.Combine(Directory, "jfk-16k-mono.raw");
        var pcm = new short[Jfk.Length];
        for (var i = 0; i < Jfk.Length; i++)
        {
            pcm[i] = (short)Math.Round(Jfk[i] * 32768f);
        }

        File.WriteAllBytes(mono16, MemoryMarshal.AsBytes(pcm.AsSpan()).ToArray());

        var stereo44 = Path.Combine(Directory, "jfk-44k-stereo.raw");
        var sox = Run("sox", [RepoPaths.SharedFile("speech", "jfk", "jfk_openai.flac"), "-t", "raw", "-e", "signed-integer", "-b", "16", "-L", "-r", "44100", "-c", "2", stereo44], null, TimeSpan.FromSeconds(60));
        if (sox.ExitCode != 0)
        {
            throw new InvalidOperationException("sox failed making the 44.1 kHz stereo source: " + sox.Error);
        }

        SpeakerFile = Path.Combine(Directory, "played.raw");
        ConfigPath = Path.Combine(Directory, "asound.conf");
        File.WriteAllText(ConfigPath, string.Create(CultureInfo.InvariantCulture, $$"""
            pcm.vmic16 {
                type file
                slave.pcm { type null }
                file "/dev/null"
                infile "{{mono16}}"
                format "raw"
                hint { show on description "VoiceCoach virtual microphone 16 kHz mono" }
            }
            pcm.vmic44 {
                type file
                slave.pcm { type null }
                file "/dev/null"
                infile "{{stereo44}}"
                format "raw"
                hint { show on description "VoiceCoach virtual microphone 44.1 kHz stereo" }
            }
            pcm.vspk {
                type file
                slave.pcm { type null }
                file "{{SpeakerFile}}"
                format "raw"
                hint { show on description "VoiceCoach virtual speaker" }
            }
            pcm.!default {
                type file
                slave.pcm { type null }
                file "/dev/null"
                infile "/dev/zero"
                format "raw"
                hint { show on description "Muted microphone" }
            }

            """));
    }

    public string Directory { get; }

    public string ConfigPath { get; }

    public string JfkPath { get; }

    /// <summary>jfk.wav at 16 kHz mono: what every capture is compared with.</summary>
    public float[] Jfk { get; }

    /// <summary>Where the virtual speaker writes raw S16_LE.</summary>
    public string SpeakerFile { get; }

    /// <summary>Runs this test assembly's <see cref="AudioTestHost"/> with the virtual devices.</summary>
    public (int ExitCode, string Output, string Error) RunHost(params string[] arguments) =>
        Run(DotnetHost, [typeof(AudioTestHost).Assembly.Location, .. arguments], ConfigPath, TimeSpan.FromSeconds(120));

    /// <summary>The dotnet executable running the tests.</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static (int ExitCode, string Output, string Error) Run(string executable, string[] arguments, string? alsaConfig, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        if (alsaConfig is not null)
        {
            info.Environment["ALSA_CONFIG_PATH"] = alsaConfig;
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} {string.Join(' ', arguments)} did not finish in {timeout}");
        }

        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }
}
