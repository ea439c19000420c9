using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace VoiceCoach.Audio.Devices.WinMM;

/// <summary>The slice of winmm.dll the WinMM backend uses (waveIn*/waveOut*, event callbacks).</summary>
[SupportedOSPlatform("windows")]
internal static unsafe partial class WinMMNative
{
    public const uint WaveMapper = unchecked((uint)-1);
    public const uint CallbackEvent = 0x00050000;
    public const uint HeaderDone = 0x00000001;
    public const ushort FormatPcm = 1;

    [StructLayout(LayoutKind.Sequential, Pack = 2)]
    public struct WaveFormatEx
    {
        public ushort FormatTag;
        public ushort Channels;
        public uint SamplesPerSec;
        public uint AvgBytesPerSec;
        public ushort BlockAlign;
        public ushort BitsPerSample;
        public ushort Size;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct WaveHeader
    {
        public nint Data;
        public uint BufferLength;
        public uint BytesRecorded;
        public nint User;
        public uint Flags;
        public uint Loops;
        public nint Next;
        public nint Reserved;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct WaveInCaps
    {
        public ushort ManufacturerId;
        public ushort ProductId;
        public uint DriverVersion;
        public fixed char Name[32];
        public uint Formats;
        public ushort Channels;
        public ushort Reserved;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct WaveOutCaps
    {
        public ushort ManufacturerId;
        public ushort ProductId;
        public uint DriverVersion;
        public fixed char Name[32];
        public uint Formats;
        public ushort Channels;
        public ushort Reserved;
        public uint Support;
    }

    [LibraryImport("winmm.dll")]
    public static partial uint waveInGetNumDevs();

    [LibraryImport("winmm.dll", EntryPoint = "waveInGetDevCapsW")]
    public static partial uint waveInGetDevCaps(nuint deviceId, WaveInCaps* caps, uint size);

    [LibraryImport("winmm.dll")]
    public static partial uint waveInOpen(out nint handle, uint deviceId, WaveFormatEx* format, nint callback, nint instance, uint flags);

    [LibraryImport("winmm.dll")]
    public static partial uint waveInPrepareHeader(nint handle, WaveHeader* header, uint size);

    [LibraryImport("winmm.dll")]
    public static partial uint waveInUnprepareHeader(nint handle, WaveHeader* header, uint size);

    [LibraryImport("winmm.dll")]
    public static partial uint waveInAddBuffer(nint handle, WaveHeader* header, uint size);

    [LibraryImport("winmm.dll")]
    public static partial uint waveInStart(nint handle);

    [LibraryImport("winmm.dll")]
    public static partial uint waveInReset(nint handle);

    [LibraryImport("winmm.dll")]
    public static partial uint waveInClose(nint handle);

    [LibraryImport("winmm.dll")]
    public static partial uint waveOutGetNumDevs();

    [LibraryImport("winmm.dll", EntryPoint = "waveOutGetDevCapsW")]
    public static partial uint waveOutGetDevCaps(nuint deviceId, WaveOutCaps* caps, uint size);

    [LibraryImport("winmm.dll")]
    public static partial uint waveOutOpen(out nint handle, uint deviceId, WaveFormatEx* format, nint callback, nint instance, uint flags);

    [LibraryImport("winmm.dll")]
    public static partial uint waveOutPrepareHeader(nint handle, WaveHeader* header, uint size);

    [LibraryImport("winmm.dll")]
    public static partial uint waveOutUnprepareHeader(nint handle, WaveHeader* header, uint size);

    [LibraryImport("winmm.dll")]
    public static partial uint waveOutWrite(nint handle, WaveHeader* header, uint size);

    [LibraryImport("winmm.dll")]
    public static partial uint waveOutReset(nint handle);

    [LibraryImport("winmm.dll")]
    public static partial uint waveOutClose(nint handle);

    /// <summary>16-bit PCM mono at 16 kHz: the WAVE_MAPPER converts from the device's native format.</summary>
    public static WaveFormatEx Pcm16Mono() => new()
    {
        FormatTag = FormatPcm,
        Channels = 1,
        SamplesPerSec = 16000,
        AvgBytesPerSec = 32000,
        BlockAlign = 2,
        BitsPerSample = 16,
        Size = 0,
    };
}
