using System.Runtime.InteropServices;

namespace VoiceCoach.Whisper.Numerics;

/// <summary>
/// Zeroed memory mapped straight from the operating system and unmapped on <see cref="SafeHandle.Dispose()"/> (or by
/// the finaliser when an owner is dropped undisposed). The engine's large scratch and cache buffers live here so that
/// a phase's memory leaves the working set when the phase ends: a managed array, even pooled, stays resident until a
/// full collection, so the encoder's scratch, the cross-attention cache and the pooled copies of both were all resident
/// at once while decoding. Pages are touched only as they are written. This is the engine's one OS-specific file:
/// mmap/munmap on Linux and macOS, VirtualAlloc/VirtualFree on Windows, the C heap elsewhere.
/// Threading: the pointer may be read and written from any thread; disposing while another thread uses it is the
/// owner's bug, as with any buffer.
/// </summary>
internal sealed unsafe partial class PageMemory : SafeHandle
{
    private PageMemory(nint pointer, long bytes)
        : base(0, ownsHandle: true)
    {
        SetHandle(pointer);
        Bytes = bytes;
        GC.AddMemoryPressure(bytes);
    }

    /// <summary>Size of the block.</summary>
    public long Bytes { get; }

    /// <summary>Start of the block, page-aligned where the OS maps it.</summary>
    public byte* Pointer => IsClosed ? throw new ObjectDisposedException(nameof(PageMemory)) : (byte*)handle;

    public override bool IsInvalid => handle == 0;

    /// <summary>Maps <paramref name="bytes"/> of zeroed, readable and writable memory.</summary>
    /// <exception cref="OutOfMemoryException">The OS refused the mapping.</exception>
    public static PageMemory Allocate(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        nint pointer;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            const int ReadWrite = 0x1 | 0x2;
            const int Private = 0x02;
            var anonymous = OperatingSystem.IsLinux() ? 0x20 : 0x1000;
            pointer = Mmap(0, (nuint)bytes, ReadWrite, Private | anonymous, -1, 0);
            if (pointer == -1)
            {
                throw new OutOfMemoryException($"mmap of {bytes} bytes failed (errno {Marshal.GetLastPInvokeError()}): the Whisper engine needs this much scratch memory; close other programs or use a smaller model");
            }
        }
        else if (OperatingSystem.IsWindows())
        {
            const uint CommitReserve = 0x1000 | 0x2000;
            const uint ReadWrite = 0x04;
            pointer = VirtualAlloc(0, (nuint)bytes, CommitReserve, ReadWrite);
            if (pointer == 0)
            {
                throw new OutOfMemoryException($"VirtualAlloc of {bytes} bytes failed (error {Marshal.GetLastPInvokeError()}): the Whisper engine needs this much scratch memory; close other programs or use a smaller model");
            }
        }
        else
        {
            pointer = (nint)NativeMemory.AllocZeroed((nuint)bytes);
        }

        return new PageMemory(pointer, bytes);
    }

    protected override bool ReleaseHandle()
    {
        bool released;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            released = Munmap(handle, (nuint)Bytes) == 0;
        }
        else if (OperatingSystem.IsWindows())
        {
            const uint Release = 0x8000;
            released = VirtualFree(handle, 0, Release) != 0;
        }
        else
        {
            NativeMemory.Free((void*)handle);
            released = true;
        }

        GC.RemoveMemoryPressure(Bytes);
        return released;
    }

    // The runtime's loader maps "libc" to the C library's real file name (libc.so.6 on glibc), so no dev package is needed.
    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static partial int Munmap(nint address, nuint length);

    [LibraryImport("kernel32", SetLastError = true)]
    private static partial nint VirtualAlloc(nint address, nuint size, uint allocationType, uint protection);

    [LibraryImport("kernel32", SetLastError = true)]
    private static partial int VirtualFree(nint address, nuint size, uint freeType);
}
