package io.tickgate.perf.report;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code tickgate bench compare A B [--out compare.html]}: two runs' percentiles side by side with the ratio B/A,
 * from .hgrm files or the HTML reports that embed them, plus an HTML overlay of both curves on the nines axis.
 */
@Command(name = "tickgate bench compare", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 116,
    description = {
        "Two runs' percentiles side by side with the ratio B/A, printed and written as HTML with both curves on " +
            "HdrHistogram's nines axis.",
        ""})
public final class CompareReports implements Callable<Integer>
{
    static final double[] PERCENTILES = { 50, 90, 99, 99.9, 99.99, 100 };

    @Parameters(index = "0", paramLabel = "A",
        description = "The first run: an .hgrm file, or the HTML report of bench load that embeds it.")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "The second run, the same way.")
    String b;

    @Option(names = "--out", paramLabel = "FILE", description = "The HTML comparison (default: ${DEFAULT-VALUE}).")
    String out = "compare.html";

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new CompareReports()).execute(args));
    }

    @Override
    public Integer call() throws IOException
    {
        final Hgrm hgrmA;
        final Hgrm hgrmB;
        try
        {
            hgrmA = Hgrm.read(Path.of(a));
            hgrmB = Hgrm.read(Path.of(b));
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            System.err.println("compare: " + ex.getMessage());
            return 1;
        }
        final List<List<String>> rows = table(hgrmA, hgrmB);
        System.out.printf("A = %s%nB = %s%n", a, b);
        System.out.printf("%-10s %14s %14s %8s%n", "percentile", "A (us)", "B (us)", "B/A");
        for (final List<String> r : rows)
        {
            System.out.printf("%-10s %14s %14s %8s%n", r.get(0), r.get(1), r.get(2), r.get(3));
        }
        final Html html = new Html("tickgate latency comparison");
        html.keyValues(List.of(new String[]{ "A", a }, new String[]{ "B", b }));
        html.table(List.of("percentile", "A (µs)", "B (µs)", "B/A"), rows);
        html.raw(SvgPlot.percentiles("latency by percentile (A vs B)",
            List.of("A: " + Path.of(a).getFileName(), "B: " + Path.of(b).getFileName()), List.of(hgrmA, hgrmB)).svg());
        html.p("Values are read from the hgrm rows: the first row whose cumulative count reaches the percentile's " +
            "count (exact when HdrHistogram listed that value, else the next listed value above).");
        html.write(Path.of(out));
        System.out.println("html: " + out);
        return 0;
    }

    /** Rows: percentile label, A, B, B/A ratio; then the sample counts. */
    static List<List<String>> table(final Hgrm a, final Hgrm b)
    {
        final List<List<String>> rows = new ArrayList<>();
        for (final double p : PERCENTILES)
        {
            final double va = a.valueAt(p);
            final double vb = b.valueAt(p);
            final String label = p >= 100 ? "max" : "p" + BigDecimal.valueOf(p).stripTrailingZeros().toPlainString();
            rows.add(List.of(label, SvgPlot.num(va), SvgPlot.num(vb), ratio(va, vb)));
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
        return String.format(Locale.ROOT, "%.2fx", b / a);
    }
}
