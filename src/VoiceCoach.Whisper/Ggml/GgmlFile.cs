using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Text;

namespace VoiceCoach.Whisper.Ggml;

/// <summary>
/// A whisper.cpp ggml model file, memory-mapped read-only. Parses the header, mel filters,
/// vocabulary and tensor directory with every length checked against the file size, so a corrupt
/// length field produces a <see cref="WhisperModelException"/> rather than a huge allocation.
/// The tensors point into the mapping: this object owns it and must outlive every use of them.
/// </summary>
internal sealed unsafe class GgmlFile : IDisposable
{
    public const uint Magic = 0x67676d6c;

    // Sanity bounds for header fields: generous for every published Whisper model, small enough
    // that a corrupt value is caught before it drives an allocation.
    private const int MaxVocabulary = 1 << 20;
    private const int MaxTokenBytes = 1 << 12;
    private const int MaxDims = 4;
    private const int MaxNameBytes = 256;

    private readonly MemoryMappedFile _mapping;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private bool _disposed;

    private GgmlFile(string path, MemoryMappedFile mapping, MemoryMappedViewAccessor view, byte* basePointer, long length)
    {
        Path = path;
        _mapping = mapping;
        _view = view;
        _base = basePointer;
        Length = length;
    }

    public string Path { get; }

    public long Length { get; }

    public required WhisperHyperParameters HyperParameters { get; init; }

    /// <summary>Mel filter bank, [MelBands × FilterBins] row-major.</summary>
    public required float[] MelFilters { get; init; }

    public required int FilterBins { get; init; }

    public required IReadOnlyList<byte[]> Vocabulary { get; init; }

    public required IReadOnlyDictionary<string, GgmlTensor> Tensors { get; init; }

    /// <summary>Maps and parses <paramref name="path"/>; throws <see cref="WhisperModelException"/> naming the problem.</summary>
    public static GgmlFile Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new WhisperModelException($"{path}: model file not found; download a ggml Whisper model (e.g. ggml-base.en.bin) into models/");
        }

        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new WhisperModelException($"{path}: cannot open the model file ({e.Message})", e);
        }

        if (length < 4)
        {
            throw new WhisperModelException($"{path}: not a ggml file (only {length} bytes); expected a whisper.cpp ggml model");
        }

        MemoryMappedFile? mapping = null;
        MemoryMappedViewAccessor? view = null;
        var pointerAcquired = false;
        try
        {
            mapping = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
            view = mapping.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            pointerAcquired = true;
            pointer += view.PointerOffset;
            var file = Parse(path, mapping, view, pointer, length);

            // The file owns the mapping from here on.
            mapping = null;
            view = null;
            return file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WhisperModelException($"{path}: cannot map the model file ({e.Message})", e);
        }
        finally
        {
            if (view is not null && pointerAcquired)
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
            }

            view?.Dispose();
            mapping?.Dispose();
        }
    }

    private static GgmlFile Parse(string path, MemoryMappedFile mapping, MemoryMappedViewAccessor view, byte* basePointer, long length)
    {
        var r = new Cursor(path, basePointer, length);
        var magic = r.UInt32("magic");
        if (magic != Magic)
        {
            var ascii = new StringBuilder(4);
            for (var i = 0; i < 4; i++)
            {
                var c = (char)((magic >> (8 * i)) & 0xff);
                ascii.Append(c is >= ' ' and <= '~' ? c : '.');
            }

            throw new WhisperModelException(string.Create(
                CultureInfo.InvariantCulture,
                $"{path}: not a ggml file (magic 0x{magic:x8} '{ascii}'); expected 0x{Magic:x8}"));
        }

        var hp = new WhisperHyperParameters(
            r.Int32("n_vocab"), r.Int32("n_audio_ctx"), r.Int32("n_audio_state"), r.Int32("n_audio_head"),
            r.Int32("n_audio_layer"), r.Int32("n_text_ctx"), r.Int32("n_text_state"), r.Int32("n_text_head"),
            r.Int32("n_text_layer"), r.Int32("n_mels"), r.Int32("ftype"));
        ValidateHyperParameters(path, hp);

        var melBands = r.Int32("mel filter count");
        var bins = r.Int32("mel filter bins");
        if (melBands != hp.MelBands || bins is < 1 or > 4096)
        {
            throw new WhisperModelException(string.Create(
                CultureInfo.InvariantCulture,
                $"{path}: mel filters are {melBands} × {bins} at offset {r.Offset - 8}; expected {hp.MelBands} bands (n_mels) of up to 4096 bins — the file is corrupt"));
        }

        var filterBytes = r.Take((long)melBands * bins * 4, "mel filters");
        var filters = new float[melBands * bins];
        new ReadOnlySpan<byte>(filterBytes, filters.Length * 4).CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(filters.AsSpan()));

        var vocabCount = r.Int32("vocabulary size");
        if (vocabCount < 0 || vocabCount > hp.VocabularySize || vocabCount > MaxVocabulary)
        {
            throw new WhisperModelException(string.Create(
                CultureInfo.InvariantCulture,
                $"{path}: vocabulary of {vocabCount} tokens at offset {r.Offset - 4} does not fit n_vocab {hp.VocabularySize} — the file is corrupt"));
        }

        var vocab = new byte[vocabCount][];
        for (var i = 0; i < vocabCount; i++)
        {
            var len = r.Int32("token length");
            if (len is < 0 or > MaxTokenBytes)
            {
                throw new WhisperModelException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{path}: token {i} has length {len} at offset {r.Offset - 4} — the file is corrupt"));
            }

            var bytes = r.Take(len, "token bytes");
            vocab[i] = new ReadOnlySpan<byte>(bytes, len).ToArray();
        }

        var tensors = new Dictionary<string, GgmlTensor>(StringComparer.Ordinal);
        while (r.Offset < length)
        {
            var start = r.Offset;
            var dims = r.Int32("tensor dims");
            var nameLength = r.Int32("tensor name length");
            var typeValue = r.Int32("tensor type");
            if (dims is < 1 or > MaxDims || nameLength is < 1 or > MaxNameBytes)
            {
                throw new WhisperModelException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{path}: tensor header at offset {start} is corrupt ({dims} dims, name of {nameLength} bytes)"));
            }

            var shape = new int[dims];
            long elements = 1;
            for (var d = 0; d < dims; d++)
            {
                shape[d] = r.Int32("tensor shape");
                if (shape[d] < 1)
                {
                    throw new WhisperModelException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{path}: tensor at offset {start} has dimension {d} = {shape[d]} — the file is corrupt"));
                }

                // Every type takes at least half a byte per element (q4_0: 18 bytes per 32), so
                // this bounds the product long before it could overflow.
                elements *= shape[d];
                if (elements > 2 * length)
                {
                    throw new WhisperModelException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{path}: tensor at offset {start} claims more elements than the file holds — the file is corrupt"));
                }
            }

            var name = DecodeName(path, r.Take(nameLength, "tensor name"), nameLength, start);
            if (!GgmlTypes.IsKnown(typeValue))
            {
                throw new WhisperModelException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{path}: tensor '{name}' has unsupported type {typeValue}; this engine reads f32, f16, q4_0, q4_1, q5_0, q5_1 and q8_0"));
            }

            var type = (GgmlType)typeValue;
            if (shape[0] % GgmlTypes.BlockElements(type) != 0)
            {
                throw new WhisperModelException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{path}: tensor '{name}' ({GgmlTypes.Name(type)}) has rows of {shape[0]} elements, not a multiple of the block size {GgmlTypes.BlockElements(type)}"));
            }

            var dataOffset = r.Offset;
            var data = r.Take(GgmlTypes.RowBytes(type, shape[0]) * (elements / shape[0]), $"data of tensor '{name}'");
            if (!tensors.TryAdd(name, new GgmlTensor(name, type, shape, dataOffset, data)))
            {
                throw new WhisperModelException($"{path}: tensor '{name}' appears twice — the file is corrupt");
            }
        }

        return new GgmlFile(path, mapping, view, basePointer, length)
        {
            HyperParameters = hp,
            MelFilters = filters,
            FilterBins = bins,
            Vocabulary = vocab,
            Tensors = tensors,
        };
    }

    private static string DecodeName(string path, byte* bytes, int length, long offset)
    {
        var span = new ReadOnlySpan<byte>(bytes, length);
        foreach (var b in span)
        {
            if (b is < 0x20 or > 0x7e)
            {
                throw new WhisperModelException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{path}: tensor name at offset {offset} is not printable ASCII — the file is corrupt"));
            }
        }

        return Encoding.ASCII.GetString(span);
    }

    private static void ValidateHyperParameters(string path, WhisperHyperParameters hp)
    {
        void Check(bool ok, string what)
        {
            if (!ok)
            {
                throw new WhisperModelException($"{path}: implausible header ({what}) in {hp} — the file is corrupt or not a Whisper model");
            }
        }

        Check(hp.VocabularySize is > 0 and <= MaxVocabulary, "n_vocab");
        Check(hp.AudioContext is > 0 and <= 1 << 16, "n_audio_ctx");
        Check(hp.TextContext is > 0 and <= 1 << 16, "n_text_ctx");
        Check(hp.AudioState is > 0 and <= 1 << 14 && hp.TextState is > 0 and <= 1 << 14, "state width");
        Check(hp.AudioHeads > 0 && hp.AudioState % hp.AudioHeads == 0, "n_audio_head must divide n_audio_state");
        Check(hp.TextHeads > 0 && hp.TextState % hp.TextHeads == 0, "n_text_head must divide n_text_state");
        Check(hp.AudioLayers is > 0 and <= 256 && hp.TextLayers is > 0 and <= 256, "layer count");
        Check(hp.MelBands is > 0 and <= 1024, "n_mels");
        Check(hp.FileType is >= 0 and < 100_000, "ftype");
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _mapping.Dispose();
    }

    /// <summary>Bounds-checked reader over the mapping.</summary>
    private ref struct Cursor
    {
        private readonly string _path;
        private readonly byte* _base;
        private readonly long _length;

        public Cursor(string path, byte* basePointer, long length)
        {
            _path = path;
            _base = basePointer;
            _length = length;
            Offset = 0;
        }

        public long Offset { get; private set; }

        public byte* Take(long count, string what)
        {
            if (count < 0 || count > _length - Offset)
            {
                throw new WhisperModelException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{_path}: truncated at offset {Offset} reading {what} ({count} bytes needed, {_length - Offset} left of {_length}); the download is incomplete or the file is corrupt"));
            }

            var p = _base + Offset;
            Offset += count;
            return p;
        }

        public int Int32(string what) => System.Runtime.CompilerServices.Unsafe.ReadUnaligned<int>(Take(4, what));

        public uint UInt32(string what) => System.Runtime.CompilerServices.Unsafe.ReadUnaligned<uint>(Take(4, what));
    }
}
