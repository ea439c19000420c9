using VoiceCoach.Speech.Sphinx;

namespace VoiceCoach.Tests.Speech.Sphinx;

public sealed class SphinxPassTimesTests
{
    // Lines as libpocketsphinx3 (0.8+5prealpha) writes them for two utterances, then at ps_free.
    private const string Log = """
        INFO: ngram_search_fwdtree.c(1553): 58677649 channels searched (9779/fr), 2439522 1st, 10772377 last
        INFO: ngram_search_fwdtree.c(1562): fwdtree 17.32 CPU 0.289 xRT
        INFO: ngram_search_fwdtree.c(1565): fwdtree 18.01 wall 0.300 xRT
        INFO: ngram_search_fwdflat.c(958): fwdflat 9.27 CPU 0.154 xRT
        INFO: ngram_search_fwdflat.c(961): fwdflat 9.50 wall 0.158 xRT
        INFO: ngram_search.c(1381): Lattice has 28932 nodes, 539341 links
        INFO: ngram_search.c(1025): bestpath 7.59 CPU 0.126 xRT
        INFO: ngram_search_fwdtree.c(1562): fwdtree 1.00 CPU 0.100 xRT
        INFO: ngram_search_fwdflat.c(958): fwdflat 0.50 CPU 0.050 xRT
        INFO: ngram_search.c(1025): bestpath 0.01 CPU 0.001 xRT
        INFO: ngram_search_fwdtree.c(427): TOTAL fwdtree 18.32 CPU 0.289 xRT
        INFO: ngram_search_fwdflat.c(174): TOTAL fwdflat 9.77 CPU 0.154 xRT
        INFO: ngram_search.c(301): TOTAL bestpath 7.60 CPU 0.126 xRT
        """;

    [Fact]
    public void Parse_TwoUtterancesAndTotals_SumsEachPassOnceIgnoringWallAndTotalLines()
    {
        var times = SphinxPassTimes.Parse(Log);

        Assert.NotNull(times);
        Assert.Equal(18.32, times.FirstPass, 6);
        Assert.Equal(9.77, times.SecondPass, 6);
        Assert.Equal(7.60, times.Lattice, 6);
        Assert.Equal(35.69, times.Total, 6);
    }

    [Fact]
    public void Parse_LogWithoutPassTimes_ReturnsNull()
    {
        var times = SphinxPassTimes.Parse("INFO: ptm_mgau.c(481): Loading senones from dump file\n");

        Assert.Null(times);
    }
}
