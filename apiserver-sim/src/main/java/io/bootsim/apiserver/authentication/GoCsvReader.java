package io.bootsim.apiserver.authentication;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's encoding/csv reader as kube-apiserver configures it for the token file: comma separator, no
 * comment character, no trimming, strict quotes, variable field count. Hand-written rather than
 * Jackson CSV because users see Go's exact error texts and line/column numbers.
 */
// upstream: golang src/encoding/csv/reader.go (readRecord, ParseError.Error)
final class GoCsvReader {

    static final String ERR_BARE_QUOTE = "bare \" in non-quoted-field";
    static final String ERR_QUOTE = "extraneous or missing \" in quoted-field";

    /** One record and the line it started on (1-based). */
    record Record(List<String> fields, int line) {
    }

    static final class ParseError extends Exception {
        private static final long serialVersionUID = 1L;

        ParseError(int startLine, int line, int column, String err) {
            super(startLine != line
                    ? "record on line " + startLine + "; parse error on line " + line + ", column " + column + ": " + err
                    : "parse error on line " + line + ", column " + column + ": " + err);
        }
    }

    private final List<String> lines = new ArrayList<>();
    // Go before 1.17 reports 0-based rune columns; Go 1.17+ reports 1-based byte columns.
    private final boolean oneBasedByteColumns;
    private int next;
    private int numLine;

    GoCsvReader(String content, boolean oneBasedByteColumns) {
        this.oneBasedByteColumns = oneBasedByteColumns;
        int start = 0;
        while (start < content.length()) {
            int nl = content.indexOf('\n', start);
            int end = nl < 0 ? content.length() : nl + 1;
            lines.add(content.substring(start, end));
            start = end;
        }
    }

    List<Record> readAll() throws ParseError {
        List<Record> records = new ArrayList<>();
        Record r;
        while ((r = readRecord()) != null) {
            records.add(r);
        }
        return records;
    }

    /** The next line with \r\n normalised to \n, a trailing \r at EOF dropped; null at EOF. */
    private String readLine() {
        numLine++;
        if (next >= lines.size()) {
            return null;
        }
        String line = lines.get(next++);
        if (!line.endsWith("\n") && line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.endsWith("\r\n")) {
            line = line.substring(0, line.length() - 2) + "\n";
        }
        return line;
    }

    private static int lengthNL(String s) {
        return s.endsWith("\n") ? 1 : 0;
    }

    private int column(String fullLine, int index) {
        String prefix = fullLine.substring(0, index);
        return oneBasedByteColumns
                ? prefix.getBytes(StandardCharsets.UTF_8).length + 1
                : prefix.codePointCount(0, prefix.length());
    }

    private Record readRecord() throws ParseError {
        String line;
        do {
            line = readLine();
            if (line == null) {
                return null;
            }
        } while (line.length() == lengthNL(line)); // empty lines are skipped
        String fullLine = line;
        int recLine = numLine;
        int pos = 0; // index into fullLine where `line` starts
        List<String> fields = new ArrayList<>();
        while (true) {
            String rest = fullLine.substring(pos);
            if (rest.isEmpty() || rest.charAt(0) != '"') {
                int comma = rest.indexOf(',');
                String field = comma >= 0 ? rest.substring(0, comma) : rest.substring(0, rest.length() - lengthNL(rest));
                int quote = field.indexOf('"');
                if (quote >= 0) {
                    throw new ParseError(recLine, numLine, column(fullLine, pos + quote), ERR_BARE_QUOTE);
                }
                fields.add(field);
                if (comma < 0) {
                    return new Record(fields, recLine);
                }
                pos += comma + 1;
                continue;
            }
            // Quoted field: may span lines; "" is a literal quote.
            StringBuilder value = new StringBuilder();
            pos += 1;
            while (true) {
                rest = fullLine.substring(pos);
                int quote = rest.indexOf('"');
                if (quote >= 0) {
                    value.append(rest, 0, quote);
                    pos += quote + 1;
                    String after = fullLine.substring(pos);
                    if (after.startsWith("\"")) {
                        value.append('"');
                        pos += 1;
                    } else if (after.startsWith(",")) {
                        pos += 1;
                        fields.add(value.toString());
                        break;
                    } else if (after.length() == lengthNL(after)) {
                        fields.add(value.toString());
                        return new Record(fields, recLine);
                    } else {
                        throw new ParseError(recLine, numLine, column(fullLine, pos - 1), ERR_QUOTE);
                    }
                } else if (!rest.isEmpty()) {
                    value.append(rest);
                    String nextLine = readLine();
                    fullLine = nextLine == null ? "" : nextLine;
                    pos = 0;
                } else {
                    throw new ParseError(recLine, numLine, column(fullLine, fullLine.length()), ERR_QUOTE);
                }
            }
        }
    }
}
