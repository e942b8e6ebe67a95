package io.bootsim.kubectl;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's elastic-tabstop writer as kubectl configures it (cli-runtime printers/tabwriter.go: minimum
 * width 6, padding 3, blanks, RememberWidths): tab-terminated cells line up in columns, the last
 * cell of a line belongs to no column, and a column never shrinks below a width it had in an
 * earlier flush, so that the rows of {@code get -w} stay under their header.
 */
// upstream: github.com/liggitt/tabwriter tabwriter.go (format, writeLines)
final class TabWriter {

    private static final int MIN_WIDTH = 6;
    private static final int PADDING = 3;

    private final StringBuilder out;
    private final List<List<String>> lines = new ArrayList<>();
    private final List<Integer> remembered = new ArrayList<>();
    private final List<Integer> widths = new ArrayList<>();

    TabWriter(StringBuilder out) {
        this.out = out;
    }

    /** Adds one line; {@code text} holds tab-separated cells and no newline. */
    void line(String text) {
        lines.add(List.of(text.split("\t", -1)));
    }

    void flush() {
        format(0, lines.size());
        lines.clear();
        widths.clear();
    }

    private int format(int line0, int line1) {
        int column = widths.size();
        for (int at = line0; at < line1; at++) {
            if (column >= lines.get(at).size() - 1) {
                continue;
            }
            writeLines(line0, at);
            line0 = at;
            int width = MIN_WIDTH;
            for (; at < line1; at++) {
                List<String> line = lines.get(at);
                if (column >= line.size() - 1) {
                    break;
                }
                width = Math.max(width, runes(line.get(column)) + PADDING);
            }
            if (remembered.size() == column) {
                remembered.add(width);
            } else {
                width = Math.max(width, remembered.get(column));
                remembered.set(column, width);
            }
            widths.add(width);
            format(line0, at);
            widths.remove(widths.size() - 1);
            line0 = at;
        }
        writeLines(line0, line1);
        return line1;
    }

    private void writeLines(int line0, int line1) {
        for (int i = line0; i < line1; i++) {
            List<String> line = lines.get(i);
            for (int j = 0; j < line.size(); j++) {
                String cell = line.get(j);
                out.append(cell);
                if (j < widths.size()) {
                    out.append(" ".repeat(widths.get(j) - runes(cell)));
                }
            }
            out.append('\n');
        }
    }

    private static int runes(String s) {
        return s.codePointCount(0, s.length());
    }
}
