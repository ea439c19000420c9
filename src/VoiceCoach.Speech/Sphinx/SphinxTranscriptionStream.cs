using System.Diagnostics;
using Microsoft.Extensions.Logging;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.Streaming;

namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// One live stream through the shared PocketSphinx decoder (see <see cref="SphinxTranscriber.Start"/>):
/// <see cref="QueuedTranscriptionStream{T}.Push"/> queues 16-bit audio; a worker holding the decoder's gate feeds it in
/// <see cref="SphinxTranscriber.ChunkSamples"/> chunks (ps_process_raw), closes an utterance whenever the front
/// end's voice-activity state drops (ps_end_utt, then reads the words with their frame times) and opens the next.
/// <see cref="QueuedTranscriptionStream{T}.CompleteAsync"/> decodes the tail and returns the same transcript a batch decode would.
/// </summary>
internal sealed class SphinxTranscriptionStream : QueuedTranscriptionStream<float[]>
{
    private readonly SphinxTranscriber _owner;
    private readonly string _source;
    private readonly Task _turn;

    // Clipping heard so far: an utterance that starts after the audio turned out clipped gets the bounded search.
    private readonly ClippingMeter _meter = new();

    // Everything decoded so far, from the stream's start: the filler pass decodes each utterance's audio again.
    private short[] _audio = new short[16_000 * 10];
    private int _audioLength;

    // How loud each frame of _audio is, measured once as the filler pass judges each utterance (FrameLevels).
    private readonly FrameLevels _levels = new();

    // The decoder's side: the chunk being filled, whether an utterance is open, the utterances closed, samples decoded.
    private readonly short[] _chunk = new short[SphinxTranscriber.ChunkSamples];
    private readonly List<IReadOnlyList<SphinxWord>> _utterances = [];
    private int _filled;
    private bool _inUtterance;
    private long _decoded;

    public SphinxTranscriptionStream(SphinxTranscriber owner, string source)
    {
        _owner = owner;
        _source = source.Length > 0 ? source : "audio stream";

        // The place in the decoder's queue is taken here, on the caller's thread, so streams get the decoder in the
        // order they were started. Taken by the worker, it went to whichever thread-pool thread ran first: the next
        // answer's stream could take the decoder and the previous answer waited for it to end.
        _turn = owner.Gate.WaitAsync(Abandoned);
        StartWorker();
    }

    protected override float[] Convert(ReadOnlySpan<float> samples) => samples.ToArray();

    protected override async Task<Transcript> RunAsync(CancellationToken cancellationToken)
    {
        await _turn;
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

        // Denoised as it arrives, by the same computation a whole clip gets (NoiseSuppressor), so the transcript is the saved take's.
        var denoiser = _owner.Options.Denoise is { } denoise ? new NoiseSuppressor(denoise) : null;
        Begin(ps);
        try
        {
            while (await Queue.WaitToReadAsync(cancellationToken))
            {
                while (Queue.TryRead(out var samples))
                {
                    Feed(SphinxTranscriber.ToPcm16(denoiser is null ? samples : denoiser.Push(samples)));
                }
            }

            if (denoiser is not null)
            {
                Feed(SphinxTranscriber.ToPcm16(denoiser.Flush()));
            }

            if (_filled > 0)
            {
                Process(_chunk, _filled);
                _decoded += _filled;
            }

            var tail = Stopwatch.GetTimestamp();
            _utterances.Add(EndUtterance(ps));
            _owner.Logger.LogDebug("PocketSphinx stream {Source}: last utterance closed in {TailMs:0} ms", _source, Stopwatch.GetElapsedTime(tail).TotalMilliseconds);
        }
        catch (OperationCanceledException)
        {
            Abandon(ps); // leave the decoder ready for the next stream
            throw;
        }

        var duration = TimeSpan.FromSeconds(_decoded / 16_000.0);
        var segments = SphinxWords.ToSegments(_utterances, duration, _owner.Options.SegmentPause);
        _owner.Logger.LogDebug("PocketSphinx streamed {Source} ({Duration}); {Elapsed} from first audio to transcript", _source, duration, Stopwatch.GetElapsedTime(started));
        return new Transcript(_owner.EngineName, segments);
    }

    /// <summary>Queues samples for the decoder and hands it every full <see cref="SphinxTranscriber.ChunkSamples"/> chunk, as a batch decode does.</summary>
    private void Feed(short[] pcm)
    {
        var offset = 0;
        while (offset < pcm.Length)
        {
            var take = Math.Min(_chunk.Length - _filled, pcm.Length - offset);
            Array.Copy(pcm, offset, _chunk, _filled, take);
            _filled += take;
            offset += take;
            if (_filled == _chunk.Length)
            {
                Process(_chunk, _filled);
                _decoded += _filled;
                _filled = 0;
            }
        }
    }

    private unsafe void Begin(IntPtr ps)
    {
        _owner.UseSearch(ps, _meter, _source);
        _owner.ResetCepstralMean();
        Check(_owner.Native.PsStartStream(ps), "ps_start_stream");
        Check(_owner.Native.PsStartUtt(ps), "ps_start_utt");
    }

    // Closes the utterance without reading its words (nor decoding it again for fillers): nobody will read them.
    private unsafe void Abandon(IntPtr ps) => _owner.Native.PsEndUtt(ps);

    private unsafe IReadOnlyList<SphinxWord> EndUtterance(IntPtr ps)
    {
        Check(_owner.Native.PsEndUtt(ps), "ps_end_utt");
        return _owner.WithFillers(_owner.ReadWords(ps), _audio.AsSpan(0, _audioLength), _levels);
    }

    private void Keep(ReadOnlySpan<short> samples)
    {
        if (_audioLength + samples.Length > _audio.Length)
        {
            Array.Resize(ref _audio, Math.Max(_audio.Length * 2, _audioLength + samples.Length));
        }

        samples.CopyTo(_audio.AsSpan(_audioLength));
        _audioLength += samples.Length;
    }

    private unsafe void Process(short[] chunk, int count)
    {
        var native = _owner.Native;
        var ps = _owner.Decoder;
        fixed (short* samples = chunk)
        {
            Check(native.PsProcessRaw(ps, samples, (nuint)count, 0, 0), "ps_process_raw");
        }

        _meter.Add(chunk.AsSpan(0, count));
        Keep(chunk.AsSpan(0, count));

        var inSpeech = native.PsGetInSpeech(ps) != 0;
        if (inSpeech && !_inUtterance)
        {
            _inUtterance = true;
        }
        else if (!inSpeech && _inUtterance)
        {
            _utterances.Add(EndUtterance(ps));
            _owner.UseSearch(ps, _meter, _source);
            Check(native.PsStartUtt(ps), "ps_start_utt");
            _inUtterance = false;
        }
    }

    private void Check(int result, string function)
    {
        if (result < 0)
        {
            throw new TranscriptionException($"{_source}: pocketsphinx {function} failed with {result}");
        }
    }
}
