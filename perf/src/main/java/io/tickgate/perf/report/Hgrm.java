package io.tickgate.perf.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A percentile distribution as HdrHistogram's {@code outputPercentileDistribution} writes it (the {@code .hgrm}
 * text: {@code Value Percentile TotalCount 1/(1-Percentile)} rows, then {@code #[Mean ...]} footer lines), read back
 * from an .hgrm file or from the {@code <pre id="hgrm">} block of one of our HTML reports.
 * <p>
 * The file lists the distribution at HdrHistogram's reporting levels only (5 per halving of the remaining
 * percentile), each row with the exact cumulative count at its value, so {@link #valueAt(double)} answers with the
 * first row whose count reaches the percentile's count (as {@code getValueAtPercentile} counts): exact when such a
 * row's value is the histogram's answer (50%, 90%, max always are), otherwise the next listed value above it.
 */
public final class Hgrm
{
    static final String HTML_START = "<pre id=\"hgrm\">";
    static final String HTML_END = "</pre>";

    final List<double[]> rows; // {value, percentile in [0,1], totalCount}
    final double max;
    final long totalCount;

    private Hgrm(final List<double[]> rows, final double max, final long totalCount)
    {
        this.rows = Collections.unmodifiableList(rows);
        this.max = max;
        this.totalCount = totalCount;
    }

    static Hgrm read(final Path file) throws IOException
    {
        return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    /** Parse .hgrm text, or an HTML report that embeds it. */
    public static Hgrm parse(final String textOrHtml)
    {
        String text = textOrHtml;
        final int start = text.indexOf(HTML_START);
        if (start >= 0)
        {
            final int end = text.indexOf(HTML_END, start);
            if (end < 0)
            {
                throw new IllegalArgumentException("HTML report without the end of its hgrm block");
            }
            text = unescape(text.substring(start + HTML_START.length(), end));
        }
        final List<double[]> rows = new ArrayList<>();
        double max = Double.NaN;
        long total = -1;
        for (final String raw : text.split("\n"))
        {
            final String line = raw.trim();
            if (line.isEmpty() || line.startsWith("Value"))
            {
                continue;
            }
            if (line.startsWith("#["))
            {
                max = Double.isNaN(max) ? footer(line, "Max") : max;
                final double t = footer(line, "Total count");
                total = Double.isNaN(t) ? total : (long)t;
                continue;
            }
            final String[] f = line.split("\\s+");
            if (f.length < 3)
            {
                throw new IllegalArgumentException("not an hgrm row: " + line);
            }
            try
            {
                rows.add(new double[]{ Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]) });
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("not an hgrm row: " + line, ex);
            }
        }
        if (rows.isEmpty())
        {
            throw new IllegalArgumentException("no percentile rows found (neither an .hgrm nor a tickgate report?)");
        }
        final double[] last = rows.get(rows.size() - 1);
        return new Hgrm(rows, Double.isNaN(max) ? last[0] : max, total < 0 ? (long)last[2] : total);
    }

    /** @param percentile in 0..100. */
    public double valueAt(final double percentile)
    {
        if (percentile >= 100)
        {
            return max;
        }
        final double target = Math.max(1, Math.ceil(percentile / 100 * totalCount - 1e-9));
        for (final double[] row : rows)
        {
            if (row[2] >= target)
            {
                return row[0];
            }
        }
        return max;
    }

    static String escape(final String s)
    {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String unescape(final String s)
    {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }

    private static double footer(final String line, final String name)
    {
        final int i = line.indexOf(name);
        if (i < 0)
        {
            return Double.NaN;
        }
        final int eq = line.indexOf('=', i);
        int end = eq + 1;
        while (end < line.length() && line.charAt(end) != ',' && line.charAt(end) != ']')
        {
            end++;
        }
        try
        {
            return Double.parseDouble(line.substring(eq + 1, end).trim());
        }
        catch (final NumberFormatException ex)
        {
            return Double.NaN;
        }
    }
}
