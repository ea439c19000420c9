using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// One live stream through the shared PocketSphinx decoder (see <see cref="SphinxTranscriber.Start"/>):
/// <see cref="Push"/> queues 16-bit audio; a worker holding the decoder's gate feeds it in
/// <see cref="SphinxTranscriber.ChunkSamples"/> chunks (ps_process_raw), closes an utterance whenever the front
/// end's voice-activity state drops (ps_end_utt, then reads the words with their frame times) and opens the next.
/// <see cref="CompleteAsync"/> decodes the tail and returns the same transcript a batch decode would.
/// </summary>
internal sealed class SphinxTranscriptionStream : ITranscriptionStream
{
    private readonly SphinxTranscriber _owner;
    private readonly string _source;
    private readonly Channel<short[]> _queue = Channel.CreateUnbounded<short[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _abandon = new();
    private readonly Task<Transcript> _worker;
    private bool _completed;

    public SphinxTranscriptionStream(SphinxTranscriber owner, string source)
    {
        _owner = owner;
        _source = source.Length > 0 ? source : "audio stream";
        _worker = Task.Run(() => RunAsync(_abandon.Token));
    }

    public void Push(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty || _completed)
        {
            return;
        }

        _queue.Writer.TryWrite(SphinxTranscriber.ToPcm16(samples));
    }

    public async Task<Transcript> CompleteAsync(CancellationToken cancellationToken)
    {
        _completed = true;
        _queue.Writer.TryComplete();
        return await _worker.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _completed = true;
        _queue.Writer.TryComplete();
        if (!_worker.IsCompleted)
        {
            await _abandon.CancelAsync();
        }

        try
        {
            await _worker;
        }
        catch (Exception e) when (e is OperationCanceledException or TranscriptionException)
        {
            // Abandoned, or already reported to whoever completed the stream.
        }

        _abandon.Dispose();
    }

    private async Task<Transcript> RunAsync(CancellationToken cancellationToken)
    {
        await _owner.Gate.WaitAsync(cancellationToken);
        try
        {
            return await DecodeAsync(cancellationToken);
        }
        finally
        {
            _owner.Gate.Release();
        }
    }

    private async Task<Transcript> DecodeAsync(CancellationToken cancellationToken)
    {
        var ps = _owner.Decoder;
        var started = Stopwatch.GetTimestamp();
        var utterances = new List<IReadOnlyList<SphinxWord>>();
        var chunk = new short[SphinxTranscriber.ChunkSamples];
        var filled = 0;
        var inUtterance = false;
        var decoded = 0L;
        Begin(ps);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(cancellationToken))
            {
                while (_queue.Reader.TryRead(out var pcm))
                {
                    var offset = 0;
                    while (offset < pcm.Length)
                    {
                        var take = Math.Min(chunk.Length - filled, pcm.Length - offset);
                        Array.Copy(pcm, offset, chunk, filled, take);
                        filled += take;
                        offset += take;
                        if (filled == chunk.Length)
                        {
                            inUtterance = Process(chunk, filled, inUtterance, utterances);
                            decoded += filled;
                            filled = 0;
                        }
                    }
                }
            }

            if (filled > 0)
            {
                Process(chunk, filled, inUtterance, utterances);
                decoded += filled;
            }

            var tail = Stopwatch.GetTimestamp();
            utterances.Add(EndUtterance(ps));
            _owner.Logger.LogDebug("PocketSphinx stream {Source}: last utterance closed in {TailMs:0} ms", _source, Stopwatch.GetElapsedTime(tail).TotalMilliseconds);
        }
        catch (OperationCanceledException)
        {
            EndUtterance(ps); // leave the decoder ready for the next stream
            throw;
        }

        var duration = TimeSpan.FromSeconds(decoded / 16_000.0);
        var segments = SphinxWords.ToSegments(utterances, duration, _owner.Options.SegmentPause);
        _owner.Logger.LogDebug("PocketSphinx streamed {Source} ({Duration}); {Elapsed} from first audio to transcript", _source, duration, Stopwatch.GetElapsedTime(started));
        return new Transcript(_owner.EngineName, segments);
    }

    private unsafe void Begin(IntPtr ps)
    {
        Check(_owner.Native.PsStartStream(ps), "ps_start_stream");
        Check(_owner.Native.PsStartUtt(ps), "ps_start_utt");
    }

    private unsafe List<SphinxWord> EndUtterance(IntPtr ps)
    {
        Check(_owner.Native.PsEndUtt(ps), "ps_end_utt");
        return _owner.ReadWords(ps);
    }

    private unsafe bool Process(short[] chunk, int count, bool inUtterance, List<IReadOnlyList<SphinxWord>> utterances)
    {
        var native = _owner.Native;
        var ps = _owner.Decoder;
        fixed (short* samples = chunk)
        {
            Check(native.PsProcessRaw(ps, samples, (nuint)count, 0, 0), "ps_process_raw");
        }

        var inSpeech = native.PsGetInSpeech(ps) != 0;
        if (inSpeech && !inUtterance)
        {
            return true;
        }

        if (!inSpeech && inUtterance)
        {
            Check(native.PsEndUtt(ps), "ps_end_utt");
            utterances.Add(_owner.ReadWords(ps));
            Check(native.PsStartUtt(ps), "ps_start_utt");
            return false;
        }

        return inUtterance;
    }

    private void Check(int result, string function)
    {
        if (result < 0)
        {
            throw new TranscriptionException($"{_source}: pocketsphinx {function} failed with {result}");
        }
    }
}
