package io.tickgate.perf.report;

import java.util.List;

/**
 * Rows of cells (the first row is the header) as aligned plain text for a terminal, or as a Markdown table for the
 * docs. The first column is left-aligned, the others right-aligned, as numbers read best.
 */
public final class TextTable
{
    private TextTable()
    {
    }

    public static String text(final List<List<String>> rows)
    {
        final int[] widths = widths(rows);
        final StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows.size(); r++)
        {
            final List<String> row = rows.get(r);
            for (int c = 0; c < row.size(); c++)
            {
                final String pad = " ".repeat(widths[c] - row.get(c).length());
                sb.append(0 == c ? row.get(c) + pad : "  " + pad + row.get(c));
            }
            sb.append('\n');
            if (0 == r)
            {
                int total = 0;
                for (final int w : widths)
                {
                    total += w + 2;
                }
                sb.append("-".repeat(total - 2)).append('\n');
            }
        }
        return sb.toString();
    }

    public static String markdown(final List<List<String>> rows)
    {
        final StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows.size(); r++)
        {
            sb.append('|');
            for (final String cell : rows.get(r))
            {
                sb.append(' ').append(cell.replace("|", "\\|")).append(" |");
            }
            sb.append('\n');
            if (0 == r)
            {
                sb.append("|---|").append("---:|".repeat(rows.get(0).size() - 1)).append('\n');
            }
        }
        return sb.toString();
    }

    private static int[] widths(final List<List<String>> rows)
    {
        final int[] widths = new int[rows.get(0).size()];
        for (final List<String> row : rows)
        {
            for (int c = 0; c < row.size(); c++)
            {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        return widths;
    }
}
