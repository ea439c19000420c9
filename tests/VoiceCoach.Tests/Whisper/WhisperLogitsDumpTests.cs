using VoiceCoach.Whisper;

namespace VoiceCoach.Tests.Whisper;

public sealed class WhisperLogitsDumpTests
{
    [Fact]
    public void WriteJson_ScriptedSteps_MatchesGoldenFileLayout()
    {
        var n = 51864;
        var fake = new FakeWhisperInference(step => step.Sampled.Count == 0
            ? FakeWhisperInference.Logits(n, (7, 2.5f), (8, -1.25f))
            : FakeWhisperInference.Logits(n, (9, 3f)));
        var dump = WhisperLogitsDump.Compute(fake, 50257, new float[32000], 2, 1, default);
        using var writer = new StringWriter();

        dump.WriteJson(writer);

        var lines = writer.ToString().Split('\n');
        Assert.Equal("{\"n_samples\": 32000, \"n_vocab\": 51864, \"steps\": [", lines[0]);
        Assert.StartsWith("  {\"input\": 50257, \"logsumexp\": ", lines[1]);
        Assert.Contains("\"top\": [[7, 2.500000], [8, -1.250000], [0, -30.000000], [1, -30.000000]", lines[1]);
        Assert.EndsWith("]},", lines[1]);
        Assert.StartsWith("  {\"input\": 7, \"logsumexp\": ", lines[2]);
        Assert.EndsWith("]}", lines[2]);
        Assert.Equal("]}", lines[3]);
        Assert.Equal("", lines[4]);
        Assert.Equal([50257], fake.Prompts[0]);
    }

    [Fact]
    public void Compute_JfkOnRandomTinyEn_MatchesWhisperCppGolden()
    {
        using var model = WhisperModel.Load(WhisperGolden.Model());
        var golden = WhisperGolden.Logits("jfk.logits.json");

        var dump = WhisperLogitsDump.Compute(model, WhisperGolden.Samples("jfk"), golden.Count, threads: 2);

        Assert.Equal(golden.Select(s => s.Input), dump.Steps.Select(s => s.Input));
        for (var i = 0; i < golden.Count; i++)
        {
            var ours = dump.Steps[i];
            Assert.InRange(ours.LogSumExp - golden[i].LogSumExp, -0.02f, 0.02f);
            Assert.True(ours.Top.Select(t => t.Token).Intersect(golden[i].Top.Select(t => t.Token)).Count() >= 9, $"step {i}: top-10 tokens differ");
            for (var k = 0; k < 10; k++)
            {
                Assert.True(MathF.Abs(ours.Top[k].Logit - golden[i].Top[k].Logit) <= 0.02f, $"step {i} rank {k}: {ours.Top[k]} vs {golden[i].Top[k]}");
            }
        }

        using var writer = new StringWriter();
        dump.WriteJson(writer);
        Assert.StartsWith("{\"n_samples\": 176000, \"n_vocab\": 51864, \"steps\": [\n  {\"input\": 50257, \"logsumexp\": 11.3", writer.ToString());
    }
}
