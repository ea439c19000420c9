namespace VoiceCoach.Audio.Wav;

/// <summary>Settings for <see cref="StreamingWavWriter"/>.</summary>
public sealed class StreamingWavWriterOptions
{
    /// <summary>
    /// Longest stretch of audio (and of wall-clock time, checked on each write) between header
    /// rewrites. Default 0.5 s, so the file on disk is always a valid WAV missing less than 1 s.
    /// </summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Also ask the OS to write through to the device on each commit (fsync), so the guarantee
    /// survives a power cut and not only a process crash. Default true.
    /// </summary>
    public bool FlushToDisk { get; init; } = true;

    /// <summary>Clock for the wall-clock commit check. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>
/// Writes a 16-bit PCM WAV while audio arrives, crash-safe: at least every
/// <see cref="StreamingWavWriterOptions.CommitInterval"/> it writes the audio out, then rewrites
/// the RIFF and data sizes, so a process killed at any moment leaves a valid WAV complete to
/// within that interval (and <see cref="WavRepair"/> recovers the rest).
/// </summary>
/// <remarks>
/// Owns the file it creates (or the stream it is given, which it disposes). Not thread-safe:
/// one producer calls <see cref="Write"/>. Dispose writes the final header.
/// </remarks>
public sealed class StreamingWavWriter : IDisposable, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly StreamingWavWriterOptions _options;
    private readonly long _commitFrames;
    private readonly byte[] _header = new byte[WavWriter.HeaderSize];
    private byte[] _pcm = new byte[8192];
    private long _dataBytes;
    private long _committedBytes;
    private long _lastCommitTimestamp;
    private bool _disposed;

    /// <summary>Creates (or replaces) <paramref name="path"/> and writes an empty header.</summary>
    public StreamingWavWriter(string path, int sampleRate = 16_000, int channels = 1, StreamingWavWriterOptions? options = null)
        : this(CreateFile(path, sampleRate, channels), sampleRate, channels, options)
    {
        Path = path;
    }

    /// <summary>Writes to a seekable stream, which the writer then owns and disposes.</summary>
    public StreamingWavWriter(Stream stream, int sampleRate = 16_000, int channels = 1, StreamingWavWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        if (!stream.CanSeek || !stream.CanWrite)
        {
            throw new ArgumentException("The crash-safe writer needs a seekable, writable stream.", nameof(stream));
        }

        _stream = stream;
        _options = options ?? new StreamingWavWriterOptions();
        SampleRate = sampleRate;
        Channels = channels;
        _commitFrames = Math.Max(1, (long)(_options.CommitInterval.TotalSeconds * sampleRate));
        Path = "";
        WavWriter.WriteHeader(_header, sampleRate, channels, 0);
        _stream.Write(_header);
        Flush();
        _lastCommitTimestamp = _options.TimeProvider.GetTimestamp();
    }

    /// <summary>The file written, or empty when writing to a caller's stream.</summary>
    public string Path { get; }

    /// <summary>Frames per second.</summary>
    public int SampleRate { get; }

    /// <summary>Channels per frame.</summary>
    public int Channels { get; }

    /// <summary>Frames written so far (committed or not).</summary>
    public long FramesWritten => _dataBytes / (2 * Channels);

    /// <summary>Audio written so far.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(FramesWritten / (double)SampleRate);

    /// <summary>Appends interleaved float samples (whole frames), committing when the interval has passed.</summary>
    public void Write(ReadOnlySpan<float> samples)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (samples.Length % Channels != 0)
        {
            throw new ArgumentException($"{samples.Length} samples is not a whole number of {Channels}-channel frames.", nameof(samples));
        }

        while (!samples.IsEmpty)
        {
            // Write in pieces no longer than one commit interval so a long write stays crash-safe.
            var pendingFrames = (_dataBytes - _committedBytes) / (2 * Channels);
            var room = (int)Math.Min(samples.Length, Math.Max(Channels, (_commitFrames - pendingFrames) * Channels));
            var piece = samples[..room];
            if (_pcm.Length < piece.Length * 2)
            {
                _pcm = new byte[piece.Length * 2];
            }

            WavWriter.ToPcm16(piece, _pcm);
            _stream.Write(_pcm, 0, piece.Length * 2);
            _dataBytes += piece.Length * 2;
            samples = samples[room..];

            var pending = (_dataBytes - _committedBytes) / (2 * Channels);
            if (pending >= _commitFrames || _options.TimeProvider.GetElapsedTime(_lastCommitTimestamp) >= _options.CommitInterval)
            {
                Commit();
            }
        }
    }

    /// <summary>Writes the buffered audio out and rewrites the header sizes now.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        // Audio first, header second: a crash in between leaves sizes that are stale (too small),
        // never sizes that point past the data.
        _stream.Flush();
        WavWriter.WriteHeader(_header, SampleRate, Channels, _dataBytes);
        var end = _stream.Position;
        _stream.Position = 4;
        _stream.Write(_header, 4, 4);
        _stream.Position = 40;
        _stream.Write(_header, 40, 4);
        _stream.Position = end;
        Flush();
        _committedBytes = _dataBytes;
        _lastCommitTimestamp = _options.TimeProvider.GetTimestamp();
    }

    /// <summary>Writes the final header and closes the file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            Commit();
        }
        finally
        {
            _disposed = true;
            _stream.Dispose();
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static FileStream CreateFile(string path, int sampleRate, int channels)
    {
        // Validate before creating the file so a bad argument leaves no open handle behind.
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        return new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
    }

    private void Flush()
    {
        if (_options.FlushToDisk && _stream is FileStream file)
        {
            file.Flush(flushToDisk: true);
        }
        else
        {
            _stream.Flush();
        }
    }
}
