package io.tickgate.perf.report;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportLogicTest
{
    static String hgrmText(final Histogram h)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        h.outputPercentileDistribution(new PrintStream(bytes, true, StandardCharsets.US_ASCII), 1.0);
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    static Histogram uniform(final int from, final int to)
    {
        final Histogram h = new Histogram(3_600_000_000L, 3);
        for (int v = from; v <= to; v++)
        {
            h.recordValue(v);
        }
        return h;
    }

    @Test
    void ninesAxisPutsEachNineOneUnitFurther()
    {
        assertEquals(0.0, NinesAxis.x(0, 6), 1e-12);
        assertEquals(1.0, NinesAxis.x(0.9, 6), 1e-9);
        assertEquals(2.0, NinesAxis.x(0.99, 6), 1e-9);
        assertEquals(3.0, NinesAxis.x(0.999, 6), 1e-9);
        assertEquals(Math.log10(2), NinesAxis.x(0.5, 6), 1e-12);
        assertEquals(4.0, NinesAxis.x(1.0, 4), 0.0, "the max sits at the right end");
        assertEquals(4.0, NinesAxis.x(0.999999, 4), 0.0, "capped");
        assertEquals("0%", NinesAxis.label(0));
        assertEquals("90%", NinesAxis.label(1));
        assertEquals("99%", NinesAxis.label(2));
        assertEquals("99.9%", NinesAxis.label(3));
        assertEquals("99.999%", NinesAxis.label(5));
        assertEquals(3, NinesAxis.ninesFor(0.99));
        assertEquals(4, NinesAxis.ninesFor(0.9995));
        assertEquals(6, NinesAxis.ninesFor(0.99999999));
    }

    @Test
    void hgrmRoundTripsThroughTextAndHtml()
    {
        final Histogram h = uniform(1, 100_000);
        h.recordValue(5_000_000);
        final String text = hgrmText(h);
        final Hgrm parsed = Hgrm.parse(text);
        assertEquals(h.getTotalCount(), parsed.totalCount);
        assertEquals(h.getMaxValue(), parsed.max, h.getMaxValue() * 0.001);
        for (final double p : new double[]{ 50, 90 })
        {
            assertEquals(h.getValueAtPercentile(p), parsed.valueAt(p), h.getValueAtPercentile(p) * 0.001, "p" + p);
        }
        // levels HdrHistogram does not print are answered from the next listed row: never below the true value
        final Histogram small = uniform(1, 400);
        assertEquals(small.getValueAtPercentile(99), Hgrm.parse(hgrmText(small)).valueAt(99), 0.0,
            "with few samples the counts column, not the percentile column, decides");
        for (final double p : new double[]{ 99, 99.9, 99.99 })
        {
            final double truth = h.getValueAtPercentile(p);
            assertTrue(parsed.valueAt(p) >= truth * 0.999 && parsed.valueAt(p) <= truth * 1.01,
                "p" + p + " " + parsed.valueAt(p) + " vs " + truth);
        }
        assertEquals(5_000_000, parsed.valueAt(100), 5_000);
        final double[] last = parsed.rows.get(parsed.rows.size() - 1);
        assertEquals(1.0, last[1], 0.0);

        final Html html = new Html("t");
        html.p("a < b & c").hgrm("raw", text);
        final Hgrm fromHtml = Hgrm.parse(html.end());
        assertEquals(parsed.rows.size(), fromHtml.rows.size());
        assertEquals(parsed.valueAt(99), fromHtml.valueAt(99), 0.0);
        assertEquals(parsed.totalCount, fromHtml.totalCount);

        assertThrows(IllegalArgumentException.class, () -> Hgrm.parse("<html>no rows</html>"));
    }

    @Test
    void compareGivesRatiosOfBOverA()
    {
        final Hgrm a = Hgrm.parse(hgrmText(uniform(1, 1000)));
        final Histogram hb = new Histogram(3_600_000_000L, 3);
        for (int v = 1; v <= 1000; v++)
        {
            hb.recordValue(2L * v);
        }
        final Hgrm b = Hgrm.parse(hgrmText(hb));
        final List<List<String>> rows = CompareReports.table(a, b);
        assertEquals("p50", rows.get(0).get(0));
        assertEquals("500", rows.get(0).get(1));
        assertEquals("1000", rows.get(0).get(2));
        assertEquals("2.00x", rows.get(0).get(3));
        assertEquals("p99.99", rows.get(4).get(0));
        assertEquals("max", rows.get(5).get(0));
        assertEquals("2.00x", rows.get(5).get(3));
        assertEquals(List.of("count", "1000", "1000", "1.00x"), rows.get(6));
        assertEquals("inf", CompareReports.ratio(0, 3));
        assertEquals("0.50x", CompareReports.ratio(4, 2));
    }

    @Test
    void svgPlotIsSelfContained()
    {
        final String svg = SvgPlot.percentiles("t", List.of("a"), List.of(Hgrm.parse(hgrmText(uniform(1, 10_000)))))
            .svg();
        assertTrue(svg.startsWith("<svg"));
        assertTrue(svg.contains(">99.9%<"));
        assertFalse(svg.contains("<script"));
        assertFalse(svg.contains("http://") && !svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
        assertEquals(2.0, SvgPlot.niceCeil(1.3), 0.0);
        assertEquals(500.0, SvgPlot.niceCeil(460), 0.0);
    }
}
