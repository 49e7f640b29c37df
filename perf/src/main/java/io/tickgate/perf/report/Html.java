package io.tickgate.perf.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Self-contained HTML pages for the reports: inline CSS, inline SVG, no scripts, nothing fetched. */
public final class Html
{
    private final StringBuilder sb = new StringBuilder(64 * 1024);

    public Html(final String title)
    {
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(Hgrm.escape(title))
            .append("</title>\n<style>body{font-family:sans-serif;margin:1.5em;max-width:1000px}" +
                "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #bbb;padding:2px 8px;" +
                "text-align:left;font-size:13px}th{background:#eee}td.n{text-align:right}" +
                "pre{font-size:11px}</style></head><body>\n<h1>").append(Hgrm.escape(title)).append("</h1>\n");
    }

    public Html h2(final String text)
    {
        sb.append("<h2>").append(Hgrm.escape(text)).append("</h2>\n");
        return this;
    }

    public Html p(final String text)
    {
        sb.append("<p>").append(Hgrm.escape(text)).append("</p>\n");
        return this;
    }

    public Html raw(final String html)
    {
        sb.append(html);
        return this;
    }

    /** Two-column key/value table. */
    public Html keyValues(final List<String[]> rows)
    {
        sb.append("<table>\n");
        for (final String[] r : rows)
        {
            sb.append("<tr><th>").append(Hgrm.escape(r[0])).append("</th><td>").append(Hgrm.escape(r[1]))
                .append("</td></tr>\n");
        }
        sb.append("</table>\n");
        return this;
    }

    /** A table with a header row; cells that look numeric are right-aligned. */
    public Html table(final List<String> header, final List<List<String>> rows)
    {
        sb.append("<table>\n<tr>");
        for (final String h : header)
        {
            sb.append("<th>").append(Hgrm.escape(h)).append("</th>");
        }
        sb.append("</tr>\n");
        for (final List<String> r : rows)
        {
            sb.append("<tr>");
            for (final String c : r)
            {
                sb.append(c.matches("[-+0-9.,x%]+") ? "<td class=\"n\">" : "<td>").append(Hgrm.escape(c))
                    .append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n");
        return this;
    }

    /** The raw .hgrm text, in the block {@link Hgrm#parse} finds again. */
    public Html hgrm(final String summary, final String hgrmText)
    {
        sb.append("<details><summary>").append(Hgrm.escape(summary)).append("</summary>\n")
            .append(Hgrm.HTML_START).append(Hgrm.escape(hgrmText)).append(Hgrm.HTML_END).append("\n</details>\n");
        return this;
    }

    public String end()
    {
        return sb.append("</body></html>\n").toString();
    }

    public void write(final Path file) throws IOException
    {
        final Path parent = file.toAbsolutePath().getParent();
        if (null != parent)
        {
            Files.createDirectories(parent);
        }
        Files.write(file, end().getBytes(StandardCharsets.UTF_8));
    }
}
