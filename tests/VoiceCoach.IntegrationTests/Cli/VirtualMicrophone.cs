using System.Diagnostics;
using System.Globalization;
using VoiceCoach.Audio;
using VoiceCoach.Audio.Vad;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Cli;

/// <summary>
/// A microphone for end-to-end practice tests: festival speaks the answers; an ALSA `type file` PCM ("vmic") reads
/// its capture data from a FIFO that <see cref="Play"/> feeds in real time (20 ms at a time, then silence until
/// stopped), so the product hears speech and silences exactly as a candidate would produce them. Children get the
/// device through ALSA_CONFIG_PATH=<see cref="ConfigPath"/>. Needs festival (slt voice), sox, libasound2, mkfifo.
/// </summary>
internal sealed class VirtualMicrophone : IDisposable
{
    private CancellationTokenSource _stop = new();
    private Task? _pacer;

    public VirtualMicrophone()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("vc-vmic-").FullName;
        Fifo = Path.Combine(Directory, "mic.fifo");
        Run("mkfifo", Fifo);
        ConfigPath = Path.Combine(Directory, "asound.conf");
        File.WriteAllText(ConfigPath, $$"""
            pcm.vmic {
                type file
                slave.pcm { type null }
                file "/dev/null"
                infile "{{Fifo}}"
                format "raw"
                hint { show on description "VoiceCoach virtual microphone (paced FIFO)" }
            }

            """);
    }

    public string Directory { get; }

    public string Fifo { get; }

    public string ConfigPath { get; }

    /// <summary>Speaks <paramref name="text"/> with festival's slt voice; returns 16 kHz mono samples.</summary>
    public float[] Speak(string text, string name)
    {
        var txt = Path.Combine(Directory, name + ".txt");
        File.WriteAllText(txt, text);
        var raw = Path.Combine(Directory, name + ".wav");
        var wav16 = Path.Combine(Directory, name + ".16k.wav");
        Run("text2wave", "-eval", "(voice_cmu_us_slt_arctic_hts)", "-o", raw, txt);
        Run("sox", raw, "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", wav16);
        return AudioFileReader.ReadClip(wav16).Samples;
    }

    /// <summary>Where speech ends inside a clip (Silero VAD, as the product hears it).</summary>
    public static double SpeechEnd(float[] clip)
    {
        using var vad = SileroVad.Load(RepoPaths.InRepo("models", ModelLocator.VadModelName));
        return vad.Detect(new VoiceCoach.Core.Audio.AudioClip(clip)).SpokenEnd!.Value.TotalSeconds;
    }

    /// <summary>Starts feeding <paramref name="samples"/> (then silence) into the FIFO in real time, once the device opens it.</summary>
    public void Play(float[] samples)
    {
        StopPlaying();
        var pcm = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            var s = (short)Math.Clamp(Math.Round(samples[i] * 32768.0), short.MinValue, short.MaxValue);
            pcm[2 * i] = (byte)s;
            pcm[(2 * i) + 1] = (byte)(s >> 8);
        }

        var token = _stop.Token;
        _pacer = Task.Factory.StartNew(
            () =>
            {
                const int chunk = 640; // 20 ms
                var silence = new byte[chunk];
                try
                {
                    using var fifo = new FileStream(Fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
                    var clock = Stopwatch.StartNew();
                    for (long n = 0; !token.IsCancellationRequested; n++)
                    {
                        var offset = n * chunk;
                        fifo.Write(offset < pcm.Length ? pcm.AsSpan((int)offset, (int)Math.Min(chunk, pcm.Length - offset)) : silence);
                        var due = TimeSpan.FromMilliseconds((n + 1) * 20) - clock.Elapsed;
                        if (due > TimeSpan.Zero)
                        {
                            Thread.Sleep(due);
                        }
                    }
                }
                catch (IOException)
                {
                    // The reader went away (the process ended or was killed).
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    public void StopPlaying()
    {
        if (_pacer is null)
        {
            return;
        }

        _stop.Cancel();
        if (!_pacer.Wait(TimeSpan.FromSeconds(2)))
        {
            // Blocked opening the FIFO because no reader came: be the reader for a moment to release it.
            using var release = new FileStream(Fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            _pacer.Wait(TimeSpan.FromSeconds(2));
        }

        _pacer = null;
        _stop.Dispose();
        _stop = new CancellationTokenSource();
    }

    public void Dispose()
    {
        StopPlaying();
        _stop.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    public static string Run(string executable, params string[] arguments)
    {
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} did not finish");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{executable} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}"));
        }

        return output.Result;
    }
}

/// <summary>A tmux session running a shell: type commands, read the screen.</summary>
internal sealed class TmuxSession : IDisposable
{
    public TmuxSession()
    {
        Name = "vc-" + Guid.NewGuid().ToString("N")[..10];
        VirtualMicrophone.Run("tmux", "new-session", "-d", "-s", Name, "-x", "120", "-y", "40");
    }

    public string Name { get; }

    public void Type(string command) => VirtualMicrophone.Run("tmux", "send-keys", "-t", Name, command, "Enter");

    public string Screen() => VirtualMicrophone.Run("tmux", "capture-pane", "-p", "-t", Name);

    public void Dispose()
    {
        try
        {
            VirtualMicrophone.Run("tmux", "kill-session", "-t", Name);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
