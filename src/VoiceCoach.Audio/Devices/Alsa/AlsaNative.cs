using System.Runtime.InteropServices;

namespace VoiceCoach.Audio.Devices.Alsa;

/// <summary>The slice of libasound (alsa-lib) the ALSA backend uses. Handles are raw pointers owned by <see cref="AlsaPcm"/>.</summary>
internal static partial class AlsaNative
{
    public const string Library = "libasound.so.2";

    public const int StreamPlayback = 0;
    public const int StreamCapture = 1;
    public const int ModeNonBlock = 0x0001;
    public const int ModeNoAutoResample = 0x00010000;
    public const int AccessRwInterleaved = 3;
    public const int FormatS16Le = 2;
    public const int FormatS32Le = 10;
    public const int FormatFloatLe = 14;
    public const int ErrorAgain = -11;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int snd_pcm_open(out nint pcm, string name, int stream, int mode);

    [LibraryImport(Library)]
    public static partial int snd_pcm_close(nint pcm);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_malloc(out nint parameters);

    [LibraryImport(Library)]
    public static partial void snd_pcm_hw_params_free(nint parameters);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_any(nint pcm, nint parameters);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_set_access(nint pcm, nint parameters, int access);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_test_format(nint pcm, nint parameters, int format);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_set_format(nint pcm, nint parameters, int format);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_set_channels_near(nint pcm, nint parameters, ref uint channels);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_set_rate_near(nint pcm, nint parameters, ref uint rate, ref int direction);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_set_period_size_near(nint pcm, nint parameters, ref nuint frames, ref int direction);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_set_buffer_size_near(nint pcm, nint parameters, ref nuint frames);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params(nint pcm, nint parameters);

    [LibraryImport(Library)]
    public static partial int snd_pcm_prepare(nint pcm);

    [LibraryImport(Library)]
    public static partial int snd_pcm_start(nint pcm);

    [LibraryImport(Library)]
    public static partial int snd_pcm_drop(nint pcm);

    [LibraryImport(Library)]
    public static partial int snd_pcm_drain(nint pcm);

    [LibraryImport(Library)]
    public static partial int snd_pcm_wait(nint pcm, int timeoutMilliseconds);

    [LibraryImport(Library)]
    public static partial int snd_pcm_recover(nint pcm, int error, int silent);

    [LibraryImport(Library)]
    public static unsafe partial nint snd_pcm_readi(nint pcm, void* buffer, nuint frames);

    [LibraryImport(Library)]
    public static unsafe partial nint snd_pcm_writei(nint pcm, void* buffer, nuint frames);

    [LibraryImport(Library)]
    public static partial nint snd_strerror(int error);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int snd_device_name_hint(int card, string iface, out nint hints);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint snd_device_name_get_hint(nint hint, string id);

    [LibraryImport(Library)]
    public static partial int snd_device_name_free_hint(nint hints);

    [LibraryImport(Library)]
    public static unsafe partial int snd_lib_error_set_handler(delegate* unmanaged<nint, int, nint, int, nint, void> handler);

    [LibraryImport("libc", EntryPoint = "free")]
    public static partial void Free(nint pointer);

    private static int _quiet;

    /// <summary>
    /// Stops alsa-lib printing its own messages to stderr ("ALSA lib pcm.c:…"): our exceptions
    /// carry the error text, and the CLI owns the console. Idempotent; call before any other ALSA call.
    /// </summary>
    public static unsafe void Quiet()
    {
        if (Interlocked.Exchange(ref _quiet, 1) == 0)
        {
            _ = snd_lib_error_set_handler(&IgnoreError);
        }
    }

    // The C handler is variadic; on the 64-bit ABIs .NET supports on Linux (x64, arm64) a callee
    // that ignores the variadic part is safe.
    [UnmanagedCallersOnly]
    private static void IgnoreError(nint file, int line, nint function, int error, nint format)
    {
    }

    /// <summary>ALSA's text for an error code.</summary>
    public static string ErrorText(int error) => Marshal.PtrToStringUTF8(snd_strerror(error)) ?? $"error {error}";
}
