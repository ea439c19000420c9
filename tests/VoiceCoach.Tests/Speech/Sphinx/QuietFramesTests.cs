using VoiceCoach.Speech.Sphinx;

namespace VoiceCoach.Tests.Speech.Sphinx;

public sealed class QuietFramesTests
{
    // The running estimate must be what sorting every frame so far and averaging the quietest share gives.
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.25)]
    [InlineData(1.0)]
    public void Estimate_AfterEachFrame_IsTheMeanOfTheQuietestShareSoFar(double share)
    {
        var random = new Random(7);
        var quiet = new QuietFrames(share, bins: 3);
        var frames = new List<double[]>();
        var noise = new double[3];
        for (var n = 1; n <= 200; n++)
        {
            var frame = Enumerable.Range(0, 3).Select(_ => random.NextDouble() * (n % 7 == 0 ? 50 : 1)).ToArray();
            frames.Add(frame);
            quiet.Add(frame);

            quiet.Estimate(noise);

            var take = Math.Max(1, (int)Math.Ceiling(n * share));
            var expected = frames.OrderBy(f => f.Sum()).Take(take).ToList();
            for (var k = 0; k < 3; k++)
            {
                Assert.Equal(expected.Average(f => f[k]), noise[k], 9);
            }
        }
    }

    [Fact]
    public void Estimate_NoFrameYet_IsZero()
    {
        var noise = new[] { 1.0, 1.0 };

        new QuietFrames(0.1, bins: 2).Estimate(noise);

        Assert.Equal(new[] { 0.0, 0.0 }, noise);
    }

    [Fact]
    public void SignalToNoiseDb_LoudFramesOverQuietOnes_IsTheirMeanOverTheQuietSet()
    {
        var quiet = new QuietFrames(0.5, bins: 1);
        quiet.Add([1.0]);
        quiet.Add([999.0]);

        // Mean of all frames 500, quiet set (the quieter half) 1: 27 dB.
        Assert.Equal(10 * Math.Log10(500), quiet.SignalToNoiseDb, 9);
    }
}
