package io.tickgate.perf.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line plot written as inline SVG (no scripts, no external CSS), for the HTML reports: x values are given
 * already mapped (e.g. {@link NinesAxis#x}), with explicit x ticks; y is linear from 0 with "nice" ticks.
 */
public final class SvgPlot
{
    static final String[] COLOURS = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b" };
    private static final int W = 760;
    private static final int H = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;

    public record Series(String name, double[] xs, double[] ys, boolean points)
    {
    }

    record Tick(double x, String label)
    {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Tick> xTicks = new ArrayList<>();
    private double xMin;
    private double xMax;

    public SvgPlot(final String title, final String xLabel, final String yLabel)
    {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public SvgPlot xRange(final double min, final double max)
    {
        xMin = min;
        xMax = max;
        return this;
    }

    public SvgPlot xTick(final double x, final String label)
    {
        xTicks.add(new Tick(x, label));
        return this;
    }

    public SvgPlot add(final Series s)
    {
        series.add(s);
        return this;
    }

    /** A percentile plot of each distribution on the nines axis, latency in ms (the hgrm values are in µs). */
    public static SvgPlot percentiles(final String title, final List<String> names, final List<Hgrm> hs)
    {
        double highest = 0.9;
        for (final Hgrm h : hs)
        {
            highest = Math.max(highest, NinesAxis.highestFinite(h));
        }
        final int nines = NinesAxis.ninesFor(highest);
        final SvgPlot plot = new SvgPlot(title, "percentile", "latency (ms)").xRange(0, nines);
        for (int k = 0; k <= nines; k++)
        {
            plot.xTick(k, NinesAxis.label(k));
        }
        for (int i = 0; i < hs.size(); i++)
        {
            final List<double[]> rows = hs.get(i).rows;
            final double[] xs = new double[rows.size()];
            final double[] ys = new double[rows.size()];
            for (int r = 0; r < rows.size(); r++)
            {
                xs[r] = NinesAxis.x(rows.get(r)[1], nines);
                ys[r] = rows.get(r)[0] / 1000.0;
            }
            plot.add(new Series(names.get(i), xs, ys, false));
        }
        return plot;
    }

    /** Round up to 1, 2 or 5 times a power of ten. */
    public static double niceCeil(final double v)
    {
        if (v <= 0)
        {
            return 1;
        }
        final double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (final double m : new double[]{ 1, 2, 5, 10 })
        {
            if (m * p >= v - 1e-12 * p)
            {
                return m * p;
            }
        }
        return 10 * p;
    }

    public String svg()
    {
        double yMax = 0;
        for (final Series s : series)
        {
            for (final double y : s.ys)
            {
                if (Double.isFinite(y))
                {
                    yMax = Math.max(yMax, y);
                }
            }
        }
        final double yStep = niceCeil(Math.max(yMax, 1e-3) / 5);
        final double yTop = Math.max(yStep, Math.ceil(yMax / yStep - 1e-9) * yStep);
        final StringBuilder sb = new StringBuilder(8192);
        sb.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" " +
            "font-family=\"sans-serif\" font-size=\"12\">%n", W, H, W, H));
        sb.append(f("<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        sb.append(f("<text x=\"%d\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">%s</text>%n", W / 2,
            Hgrm.escape(title)));
        for (double y = 0; y <= yTop + yStep / 2; y += yStep)
        {
            final double py = py(y, yTop);
            sb.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                LEFT, py, W - RIGHT, py));
            sb.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, py + 4, num(y)));
        }
        for (final Tick t : xTicks)
        {
            final double px = px(t.x);
            sb.append(f("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                px, TOP, px, H - BOTTOM));
            sb.append(f("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, H - BOTTOM + 16,
                Hgrm.escape(t.label)));
        }
        sb.append(f("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n", LEFT, TOP,
            W - LEFT - RIGHT, H - TOP - BOTTOM));
        sb.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", (LEFT + W - RIGHT) / 2, H - 12,
            Hgrm.escape(xLabel)));
        sb.append(f("<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">%s</text>%n",
            (TOP + H - BOTTOM) / 2, (TOP + H - BOTTOM) / 2, Hgrm.escape(yLabel)));
        for (int i = 0; i < series.size(); i++)
        {
            final Series s = series.get(i);
            final String colour = COLOURS[i % COLOURS.length];
            sb.append("<polyline fill=\"none\" stroke-width=\"1.8\" stroke=\"").append(colour).append("\" points=\"");
            for (int k = 0; k < s.xs.length; k++)
            {
                if (Double.isFinite(s.ys[k]))
                {
                    sb.append(f("%.1f,%.1f ", px(s.xs[k]), py(s.ys[k], yTop)));
                }
            }
            sb.append("\"/>\n");
            if (s.points)
            {
                for (int k = 0; k < s.xs.length; k++)
                {
                    if (Double.isFinite(s.ys[k]))
                    {
                        sb.append(f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px(s.xs[k]),
                            py(s.ys[k], yTop), colour));
                    }
                }
            }
            final int ly = TOP + 16 + 16 * i;
            sb.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n",
                LEFT + 10, ly - 4, LEFT + 30, ly - 4, colour));
            sb.append(f("<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + 36, ly, Hgrm.escape(s.name)));
        }
        return sb.append("</svg>\n").toString();
    }

    double px(final double x)
    {
        final double span = xMax > xMin ? xMax - xMin : 1;
        return LEFT + (x - xMin) / span * (W - LEFT - RIGHT);
    }

    private static double py(final double y, final double yTop)
    {
        return H - BOTTOM - y / yTop * (H - TOP - BOTTOM);
    }

    public static String num(final double v)
    {
        if (v == Math.rint(v) && Math.abs(v) < 1e15)
        {
            return Long.toString((long)v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static String f(final String format, final Object... args)
    {
        return String.format(Locale.ROOT, format, args);
    }
}
