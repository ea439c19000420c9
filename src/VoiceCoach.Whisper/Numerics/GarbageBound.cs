namespace VoiceCoach.Whisper.Numerics;

/// <summary>
/// Keeps the garbage of token-by-token decoding from growing the working set. The runtime starts a gen0 collection
/// only when its allocation budget is spent, and on a server CPU with a large L3 cache that budget is about 100 MB:
/// every byte of it is touched, so decoding (small arrays per token, per beam) grew the process by ~100 MB of dead
/// objects. The budget can only be set by an environment variable (DOTNET_GCgen0size), not by runtimeconfig.json,
/// so the engine collects gen0 itself once <see cref="Budget"/> bytes have been allocated since the last time:
/// the same few MB are then reused, and a gen0 collection of a few live objects costs well under a millisecond.
/// </summary>
internal static class GarbageBound
{
    /// <summary>Bytes allocated (all threads) between collections: 8 MB gave a tiny engine peak of 1.73x the file, 2 MB 1.64x; with
    /// the caches in unmapped-when-done pages, 2 MB gives 1.49x and 512 KB 1.45x, with decoding no slower.</summary>
    public const long Budget = 1L << 19;

    private static long _mark;

    /// <summary>Called once per decoder step; collects gen0 when the budget is spent.</summary>
    public static void Check()
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        var mark = Volatile.Read(ref _mark);
        if (allocated - mark > Budget && Interlocked.CompareExchange(ref _mark, allocated, mark) == mark)
        {
            GC.Collect(0, GCCollectionMode.Forced, blocking: true, compacting: false);
        }
    }
}
