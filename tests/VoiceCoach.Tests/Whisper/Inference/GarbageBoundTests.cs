using VoiceCoach.Whisper.Numerics;

namespace VoiceCoach.Tests.Whisper.Inference;

public sealed class GarbageBoundTests
{
    [Fact]
    public void Check_AfterEachStepOfGarbage_CollectsGen0AboutOncePerBudget()
    {
        // The runtime's own gen0 budget on this hardware is ~100 MB: without the bound, 4 budgets' worth of small
        // garbage (as decoding makes it, a little per token) passes without one collection.
        var before = GC.CollectionCount(0);
        long kept = 0;
        for (long made = 0; made < 4 * GarbageBound.Budget; made += 64 * 1024)
        {
            var step = new byte[64 * 1024];
            step[made % step.Length] = 1;
            kept += step[0];
            GarbageBound.Check();
        }

        Assert.InRange(GC.CollectionCount(0) - before, 3, 1000);
        GC.KeepAlive(kept);
    }
}
