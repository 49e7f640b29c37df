package io.tickgate.perf.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tickgate bench compare A B [--out compare.html]}: two runs' percentiles side by side with the ratio B/A,
 * from .hgrm files or the HTML reports that embed them, plus an HTML overlay of both curves on the nines axis.
 */
public final class CompareReports
{
    public static final double[] PERCENTILES = { 50, 90, 99, 99.9, 99.99, 100 };

    private CompareReports()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final List<String> files = new ArrayList<>();
        String out = "compare.html";
        for (int i = 0; i < args.length; i++)
        {
            if ("--out".equals(args[i]) && i + 1 < args.length)
            {
                out = args[++i];
            }
            else if (args[i].startsWith("-"))
            {
                usage("unknown option " + args[i]);
            }
            else
            {
                files.add(args[i]);
            }
        }
        if (files.size() != 2)
        {
            usage("need exactly two files");
        }
        final Hgrm a;
        final Hgrm b;
        try
        {
            a = Hgrm.read(Path.of(files.get(0)));
            b = Hgrm.read(Path.of(files.get(1)));
        }
        catch (final java.io.IOException | IllegalArgumentException ex)
        {
            System.err.println("compare: " + ex.getMessage());
            System.exit(1);
            return;
        }
        final List<List<String>> rows = table(a, b);
        System.out.printf("A = %s%nB = %s%n", files.get(0), files.get(1));
        System.out.printf("%-10s %14s %14s %8s%n", "percentile", "A (us)", "B (us)", "B/A");
        for (final List<String> r : rows)
        {
            System.out.printf("%-10s %14s %14s %8s%n", r.get(0), r.get(1), r.get(2), r.get(3));
        }
        final Html html = new Html("tickgate latency comparison");
        html.keyValues(List.of(new String[]{ "A", files.get(0) }, new String[]{ "B", files.get(1) }));
        html.table(List.of("percentile", "A (µs)", "B (µs)", "B/A"), rows);
        html.raw(SvgPlot.percentiles("latency by percentile (A vs B)",
            List.of("A: " + Path.of(files.get(0)).getFileName(), "B: " + Path.of(files.get(1)).getFileName()),
            List.of(a, b)).svg());
        html.p("Values are read from the hgrm rows: the first row whose cumulative count reaches the percentile's " +
            "count (exact when HdrHistogram listed that value, else the next listed value above).");
        html.write(Path.of(out));
        System.out.println("html: " + out);
    }

    /** Rows: percentile label, A, B, B/A ratio; then the sample counts. */
    public static List<List<String>> table(final Hgrm a, final Hgrm b)
    {
        final List<List<String>> rows = new ArrayList<>();
        for (final double p : PERCENTILES)
        {
            final double va = a.valueAt(p);
            final double vb = b.valueAt(p);
            rows.add(List.of(p >= 100 ? "max" : "p" + java.math.BigDecimal.valueOf(p).stripTrailingZeros().toPlainString(), SvgPlot.num(va), SvgPlot.num(vb),
                ratio(va, vb)));
        }
        rows.add(List.of("count", Long.toString(a.totalCount), Long.toString(b.totalCount),
            ratio(a.totalCount, b.totalCount)));
        return rows;
    }

    public static String ratio(final double a, final double b)
    {
        if (a == 0)
        {
            return b == 0 ? "1.00x" : "inf";
        }
        return String.format(java.util.Locale.ROOT, "%.2fx", b / a);
    }

    private static void usage(final String message)
    {
        System.err.println("compare: " + message);
        System.err.println("usage: tickgate bench compare A.hgrm|A.html B.hgrm|B.html [--out compare.html]");
        System.exit(2);
    }
}
