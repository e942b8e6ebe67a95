package io.bootsim.apiserver.registry.certificates;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * PEM blocks found the way Go's encoding/pem Decode finds them, because the CSR API's messages
 * depend on its leniency: text around blocks is skipped, a block whose END line or base64 is bad
 * is skipped rather than reported, and an empty block is a block. core's Pem is the strict,
 * user-facing reader; this is only what upstream's validation sees.
 */
// upstream: go src/encoding/pem/pem.go Decode
final class GoPem {

    record Block(String type, boolean hasHeaders, byte[] bytes) {
    }

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private GoPem() {
    }

    static Optional<Block> first(byte[] data) {
        List<Block> blocks = all(data, 1);
        return blocks.isEmpty() ? Optional.empty() : Optional.of(blocks.get(0));
    }

    static List<Block> all(byte[] data) {
        return all(data, Integer.MAX_VALUE);
    }

    private static List<Block> all(byte[] data, int limit) {
        List<Block> blocks = new ArrayList<>();
        if (data == null) {
            return blocks;
        }
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int from = 0;
        while (blocks.size() < limit) {
            int begin = text.indexOf(BEGIN, from);
            if (begin < 0) {
                break;
            }
            from = begin + BEGIN.length();
            if (begin > 0 && text.charAt(begin - 1) != '\n') {
                continue;
            }
            int eol = lineEnd(text, begin);
            String typeLine = text.substring(begin + BEGIN.length(), eol).stripTrailing();
            if (!typeLine.endsWith(DASHES)) {
                continue;
            }
            String type = typeLine.substring(0, typeLine.length() - DASHES.length());
            String endMarker = END + type + DASHES;
            int end = text.indexOf(endMarker, eol);
            if (end < 0 || text.charAt(end - 1) != '\n') {
                continue;
            }
            String[] lines = text.substring(Math.min(eol + 1, end), end).split("\n", -1);
            boolean headers = false;
            int i = 0;
            if (lines.length > 0 && lines[0].contains(":")) {
                headers = true;
                while (i < lines.length && !lines[i].isBlank()) {
                    i++;
                }
            }
            StringBuilder base64 = new StringBuilder();
            for (; i < lines.length; i++) {
                base64.append(lines[i].replaceAll("[ \t\r]", ""));
            }
            try {
                blocks.add(new Block(type, headers, Base64.getDecoder().decode(base64.toString())));
                from = end + endMarker.length();
            } catch (IllegalArgumentException e) {
                // Go skips a block whose body is not base64 and keeps looking
            }
        }
        return blocks;
    }

    private static int lineEnd(String text, int from) {
        int eol = text.indexOf('\n', from);
        return eol < 0 ? text.length() : eol;
    }
}
