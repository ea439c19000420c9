namespace VoiceCoach.Whisper.Numerics;

/// <summary>
/// Runs independent work items on up to <c>threads</c> threads; inline when one thread is asked
/// for or there is one item. Cancellation is checked before every item.
/// </summary>
internal static class Work
{
    public static int Resolve(int threads) => threads <= 0 ? Environment.ProcessorCount : threads;

    public static void Run(int count, int threads, CancellationToken ct, Action<int> body)
    {
        threads = Math.Min(Resolve(threads), count);
        if (threads <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                ct.ThrowIfCancellationRequested();
                body(i);
            }

            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = ct };
        System.Threading.Tasks.Parallel.For(0, count, options, i =>
        {
            body(i);
        });
    }
}
