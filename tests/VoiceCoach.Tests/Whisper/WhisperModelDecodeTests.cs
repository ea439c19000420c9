using VoiceCoach.Whisper;

namespace VoiceCoach.Tests.Whisper;

/// <summary>Decoder state semantics (clone, truncate, batches, cancellation) and every weight type, on small generated models.</summary>
public sealed class WhisperModelDecodeTests : IDisposable
{
    private static readonly RandomWhisperModelWriter.Shape Small = new(State: 64, Heads: 2, Layers: 2, AudioContext: 100, TextContext: 64);
    private readonly string _dir = Directory.CreateTempSubdirectory("voicecoach-whisper-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(RandomWhisperModelWriter.F16)]
    [InlineData(RandomWhisperModelWriter.Q4_0)]
    [InlineData(RandomWhisperModelWriter.Q4_1)]
    [InlineData(RandomWhisperModelWriter.Q5_0)]
    [InlineData(RandomWhisperModelWriter.Q5_1)]
    [InlineData(RandomWhisperModelWriter.Q8_0)]
    public void Decode_BlockTypeModel_MatchesItsF32Twin(int type)
    {
        // Arrange
        var quantized = WriteModel($"m{type}.bin", type, decodedTwin: false);
        var twin = WriteModel($"m{type}-f32.bin", type, decodedTwin: true);
        int[] tokens = [50257, 220, 1000, 51000, 7];

        // Act
        var a = RunLogits(quantized, tokens);
        var b = RunLogits(twin, tokens);

        // Assert
        Assert.Equal(a.Length, b.Length);
        var maxDelta = a.Zip(b, (x, y) => MathF.Abs(x - y)).Max();
        Assert.True(maxDelta < 1e-3f, $"type {type}: max |Δ| {maxDelta}");
        Assert.True(a.Max() - a.Min() > 0.01f, "logits should not be constant");
    }

    [Fact]
    public void Decode_TokensInOneCall_MatchesOneByOne()
    {
        // Arrange: 20 tokens take the packed matrix-product path, one by one the vector path.
        using var model = WhisperModel.Load(WriteModel("batch.bin", RandomWhisperModelWriter.F16, false));
        var encoded = model.Encode(Mel(model), 200, threads: 2, CancellationToken.None);
        var tokens = Enumerable.Range(0, 20).Select(i => 50257 + (i * 37 % 500)).ToArray();
        var batch = new float[model.HyperParameters.VocabularySize];
        var single = new float[model.HyperParameters.VocabularySize];
        using var s1 = model.CreateDecoderState(encoded, threads: 2);
        using var s2 = model.CreateDecoderState(encoded, threads: 2);

        // Act
        model.Decode(s1, tokens, batch, threads: 2, CancellationToken.None);
        foreach (var t in tokens)
        {
            model.Decode(s2, [t], single, threads: 2, CancellationToken.None);
        }

        // Assert
        Assert.Equal(20, s1.Length);
        Assert.Equal(20, s2.Length);
        Assert.True(batch.Zip(single, (x, y) => MathF.Abs(x - y)).Max() < 1e-3f);
    }

    [Fact]
    public void Decode_PastTheInitialCapacity_GrowsTheCacheAndKeepsEveryEarlierToken()
    {
        // One by one, the cache is re-laid out at 64, 128 and 256 positions; a clone taken after a growth, decoding
        // on, must agree with the original and with one call of all the tokens (no growth at all).
        using var model = WhisperModel.Load(WriteModel("grow.bin", RandomWhisperModelWriter.F16, false, Small with { TextContext = 448 }));
        var encoded = model.Encode(Mel(model), 200, threads: 2, CancellationToken.None);
        var tokens = Enumerable.Range(0, 150).Select(i => 50257 + (i * 37 % 500)).ToArray();
        var oneCall = new float[model.HyperParameters.VocabularySize];
        var single = new float[model.HyperParameters.VocabularySize];
        var cloned = new float[model.HyperParameters.VocabularySize];
        using var whole = model.CreateDecoderState(encoded, threads: 2);
        using var stepped = model.CreateDecoderState(encoded, threads: 2);
        WhisperDecoderState? clone = null;

        model.Decode(whole, tokens, oneCall, threads: 2, CancellationToken.None);
        for (var i = 0; i < tokens.Length; i++)
        {
            model.Decode(stepped, [tokens[i]], single, threads: 2, CancellationToken.None);
            if (i == 99)
            {
                clone = stepped.Clone();
            }
            else if (clone is not null)
            {
                model.Decode(clone, [tokens[i]], cloned, threads: 2, CancellationToken.None);
            }
        }

        using (clone)
        {
            Assert.True(stepped.Capacity > WhisperDecoderState.InitialCapacity);
            Assert.Equal(150, clone!.Length);
            Assert.True(oneCall.Zip(single, (x, y) => MathF.Abs(x - y)).Max() < 1e-3f);
            Assert.Equal(single, cloned);
        }
    }

    [Fact]
    public void Clone_DecodingBothCopies_GivesSameLogitsAndLeavesOriginalAlone()
    {
        // Arrange
        using var model = WhisperModel.Load(WriteModel("clone.bin", RandomWhisperModelWriter.F16, false));
        var encoded = model.Encode(Mel(model), 200, threads: 1, CancellationToken.None);
        var n = model.HyperParameters.VocabularySize;
        float[] a = new float[n], b = new float[n], c = new float[n];
        using var state = model.CreateDecoderState(encoded, threads: 1);
        model.Decode(state, [50257, 11], a, threads: 1, CancellationToken.None);

        // Act
        using var clone = state.Clone();
        model.Decode(clone, [400], b, threads: 1, CancellationToken.None);
        model.Decode(clone, [401], b, threads: 1, CancellationToken.None);
        model.Decode(state, [400], c, threads: 1, CancellationToken.None);
        model.Decode(state, [401], a, threads: 1, CancellationToken.None);

        // Assert
        Assert.Equal(4, clone.Length);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Truncate_ThenRedecode_GivesSameLogits()
    {
        // Arrange
        using var model = WhisperModel.Load(WriteModel("truncate.bin", RandomWhisperModelWriter.F16, false));
        var encoded = model.Encode(Mel(model), 200, threads: 1, CancellationToken.None);
        var n = model.HyperParameters.VocabularySize;
        float[] first = new float[n], again = new float[n];
        using var state = model.CreateDecoderState(encoded, threads: 1);
        model.Decode(state, [50257, 11], first, threads: 1, CancellationToken.None);
        model.Decode(state, [12], first, threads: 1, CancellationToken.None);
        model.Decode(state, [99], again, threads: 1, CancellationToken.None);

        // Act
        state.Truncate(2);
        model.Decode(state, [12], again, threads: 1, CancellationToken.None);

        // Assert
        Assert.Equal(3, state.Length);
        Assert.Equal(first, again);
    }

    [Fact]
    public void Decode_PastTextContext_ThrowsAndKeepsState()
    {
        using var model = WhisperModel.Load(WriteModel("ctx.bin", RandomWhisperModelWriter.F16, false));
        var encoded = model.Encode(Mel(model), 200, threads: 1, CancellationToken.None);
        using var state = model.CreateDecoderState(encoded, threads: 1);
        var logits = new float[model.HyperParameters.VocabularySize];

        Assert.Throws<ArgumentException>(() => model.Decode(state, new int[Small.TextContext + 1], logits, 1, CancellationToken.None));
        Assert.Equal(0, state.Length);
    }

    [Fact]
    public void Encode_CancelledToken_ThrowsOperationCanceled()
    {
        using var model = WhisperModel.Load(WhisperGolden.Model());
        var mel = new float[80 * 3000];

        Assert.ThrowsAny<OperationCanceledException>(() => model.Encode(mel, 3000, threads: 2, new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Encode_CancelledMidWindow_StopsEarly()
    {
        // Arrange
        using var model = WhisperModel.Load(WhisperGolden.Model());
        var mel = new float[80 * 3000];

        // The first window pays for JIT and paging in the mapped weights.
        model.Encode(mel, 3000, threads: 1, CancellationToken.None);

        // Act: cancel a quarter of the way into a window, from a dedicated thread (a thread-pool timer can be late on a
        // loaded 2-core machine). The window's length is measured again right before each try, under the load of the
        // moment; a try whose cancel landed late (the machine got busier) is repeated. Broken cancellation never throws
        // early, however often it is tried.
        var stoppedEarly = false;
        var tries = new List<string>();
        for (var attempt = 0; attempt < 6 && !stoppedEarly; attempt++)
        {
            var warm = System.Diagnostics.Stopwatch.StartNew();
            model.Encode(mel, 3000, threads: 1, CancellationToken.None);
            var full = warm.Elapsed;
            using var cts = new CancellationTokenSource();
            var canceller = new Thread(() =>
            {
                Thread.Sleep(full / 4);
                cts.Cancel();
            })
            { IsBackground = true, Priority = ThreadPriority.Highest };
            var sw = System.Diagnostics.Stopwatch.StartNew();
            canceller.Start();
            var threw = false;
            try
            {
                model.Encode(mel, 3000, threads: 1, cts.Token);
            }
            catch (OperationCanceledException)
            {
                threw = true;
            }

            var elapsed = sw.Elapsed;
            canceller.Join();
            stoppedEarly = threw && elapsed < full * 0.9;
            tries.Add($"window {full.TotalMilliseconds:0} ms, {(threw ? "cancelled" : "finished")} after {elapsed.TotalMilliseconds:0} ms");
        }

        // Assert: it threw, and well before a full window would have ended.
        Assert.True(stoppedEarly, string.Join("; ", tries));
    }

    [Fact]
    public void Decode_CancelledToken_ThrowsAndKeepsLength()
    {
        using var model = WhisperModel.Load(WriteModel("cancel.bin", RandomWhisperModelWriter.F16, false));
        var encoded = model.Encode(Mel(model), 200, threads: 1, CancellationToken.None);
        using var state = model.CreateDecoderState(encoded, threads: 1);
        var logits = new float[model.HyperParameters.VocabularySize];

        Assert.ThrowsAny<OperationCanceledException>(() => model.Decode(state, [50257], logits, 1, new CancellationToken(canceled: true)));
        Assert.Equal(0, state.Length);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(400)]
    public void Encode_WindowOfALongerMel_EqualsTheEncodingOfTheWindowCopiedOut(int offset)
    {
        // Transcription reads each window of the clip's mel in place (bands 500 frames apart here); the public API
        // encodes a copied-out window. 400 is the last, partial window: 100 frames, then zeros.
        using var model = WhisperModel.Load(WriteModel("window.bin", RandomWhisperModelWriter.F16, false));
        var bands = model.HyperParameters.MelBands;
        var random = new Random(5);
        var clip = Enumerable.Range(0, bands * 500).Select(_ => (float)random.NextDouble()).ToArray();
        var frames = Math.Min(200, 500 - offset);
        var window = new float[bands * frames];
        for (var b = 0; b < bands; b++)
        {
            Array.Copy(clip, (b * 500) + offset, window, b * frames, frames);
        }

        int[] tokens = [50257, 220, 1000];
        var inPlace = new float[model.HyperParameters.VocabularySize];
        var copied = new float[model.HyperParameters.VocabularySize];

        // Act
        using (var encoding = new WhisperModelInference(model).Encode(new WhisperMel(clip, bands, 500, 500), offset, threads: 2, CancellationToken.None))
        using (var session = encoding.CreateSession(threads: 2))
        {
            session.Decode(tokens, inPlace, CancellationToken.None);
        }

        using (var state = model.CreateDecoderState(model.Encode(window, frames, threads: 2, CancellationToken.None), threads: 2))
        {
            model.Decode(state, tokens, copied, threads: 2, CancellationToken.None);
        }

        // Assert
        Assert.Equal(copied, inPlace);
    }

    [Fact]
    public void Encode_MelShorterThanItsFrames_ThrowsNamingTheSizes()
    {
        // Arrange: 200 frames claimed, 199 given.
        using var model = WhisperModel.Load(WriteModel("short.bin", RandomWhisperModelWriter.F16, false));
        var mel = new float[(model.HyperParameters.MelBands * 200) - 1];

        // Act
        var e = Assert.Throws<ArgumentException>(() => model.Encode(mel, 200, threads: 1, CancellationToken.None));

        // Assert
        Assert.Contains($"{model.HyperParameters.MelBands} bands × 200 frames", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{mel.Length} values", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateSession_EncodingDisposedFirst_SessionsAndClonesKeepTheSharedCacheUntilTheLastIsDisposed()
    {
        // Every session of a window shares one cross-attention cache in unmanaged pages: released too early, a
        // session reads freed memory; never released, every window leaks ~9 MB (tiny).
        using var model = WhisperModel.Load(WriteModel("shared.bin", RandomWhisperModelWriter.F16, false));
        var inference = new WhisperModelInference(model);
        var mel = new WhisperMel(Mel(model), model.HyperParameters.MelBands, 200, 200);
        var expected = new float[model.HyperParameters.VocabularySize];
        using (var reference = model.CreateDecoderState(model.Encode(mel.Data, 200, threads: 2, CancellationToken.None), threads: 2))
        {
            model.Decode(reference, [50257], expected, threads: 2, CancellationToken.None);
            model.Decode(reference, [220], expected, threads: 2, CancellationToken.None);
        }

        var first = new float[expected.Length];
        var cloned = new float[expected.Length];
        var encoding = inference.Encode(mel, 0, threads: 2, CancellationToken.None);
        var session = encoding.CreateSession(threads: 2);
        session.Decode([50257], first, CancellationToken.None);
        var clone = session.Clone();

        // Act
        encoding.Dispose();
        session.Decode([220], first, CancellationToken.None);
        session.Dispose();
        clone.Decode([220], cloned, CancellationToken.None);
        clone.Dispose();

        // Assert
        Assert.Equal(expected, first);
        Assert.Equal(expected, cloned);
        Assert.Throws<ObjectDisposedException>(() => encoding.CreateSession(threads: 2));
    }

    [Fact]
    public unsafe void ComputeCross_StatesOverTheCache_ReleaseItsPagesWithTheLastReference()
    {
        // Arrange
        using var model = WhisperModel.Load(WriteModel("release.bin", RandomWhisperModelWriter.F16, false));
        var encoded = model.Encode(Mel(model), 200, threads: 1, CancellationToken.None);
        WhisperDecoderState.CrossCache cross;
        fixed (float* features = encoded.Data)
        {
            cross = model.ComputeCross(features, threads: 1, CancellationToken.None);
        }

        var state = model.CreateDecoderState(cross);
        var clone = state.Clone();

        // Act / Assert
        cross.Release();
        Assert.False(cross.IsReleased);
        state.Dispose();
        state.Dispose();
        Assert.False(cross.IsReleased);
        clone.Dispose();
        Assert.True(cross.IsReleased);
    }

    private static float[] Mel(WhisperModel model)
    {
        var random = new Random(3);
        return [.. Enumerable.Range(0, model.HyperParameters.MelBands * 200).Select(_ => (float)random.NextDouble())];
    }

    private static float[] RunLogits(string path, int[] tokens)
    {
        using var model = WhisperModel.Load(path);
        var encoded = model.Encode(Mel(model), 200, threads: 2, CancellationToken.None);
        using var state = model.CreateDecoderState(encoded, threads: 2);
        var logits = new float[model.HyperParameters.VocabularySize];
        foreach (var t in tokens)
        {
            model.Decode(state, [t], logits, threads: 2, CancellationToken.None);
        }

        return logits;
    }

    private string WriteModel(string name, int type, bool decodedTwin, RandomWhisperModelWriter.Shape? shape = null)
    {
        var path = Path.Combine(_dir, name);
        RandomWhisperModelWriter.Write(path, WhisperGolden.Model(), shape ?? Small, type, seed: 7, decodedTwin);
        return path;
    }
}
