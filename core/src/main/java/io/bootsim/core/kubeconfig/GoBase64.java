package io.bootsim.core.kubeconfig;

import java.io.ByteArrayOutputStream;
import java.util.Base64;

/**
 * Go's base64.StdEncoding, which decodes the {@code -data} fields of a kubeconfig: padded, CR and
 * LF ignored, and errors reported as Go reports them ({@code illegal base64 data at input byte N})
 * because that is the text kubectl and the kubelet print.
 */
// upstream: go/src/encoding/base64/base64.go decodeQuantum
final class GoBase64 {

    private GoBase64() {
    }

    static final class IllegalBase64 extends Exception {
        private static final long serialVersionUID = 1L;

        IllegalBase64(int offset) {
            super("illegal base64 data at input byte " + offset);
        }
    }

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    static String encode(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    static byte[] decode(String text) throws IllegalBase64 {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int si = 0;
        int n = text.length();
        while (si < n) {
            int[] quantum = new int[4];
            int j = 0;
            int padded = -1;
            while (j < 4) {
                if (si == n) {
                    // a partial quantum at the end: StdEncoding requires padding
                    if (j == 0) {
                        return out.toByteArray();
                    }
                    throw new IllegalBase64(si - j);
                }
                char c = text.charAt(si++);
                if (c == '\n' || c == '\r') {
                    continue;
                }
                int v = ALPHABET.indexOf(c);
                if (v >= 0) {
                    quantum[j++] = v;
                    continue;
                }
                if (c != '=') {
                    throw new IllegalBase64(si - 1);
                }
                if (j < 2) {
                    throw new IllegalBase64(si - 1);
                }
                if (j == 2) {
                    si = skipNewlines(text, si);
                    if (si == n) {
                        throw new IllegalBase64(n);
                    }
                    if (text.charAt(si) != '=') {
                        throw new IllegalBase64(si - 1);
                    }
                    si++;
                }
                si = skipNewlines(text, si);
                if (si < n) {
                    throw new IllegalBase64(si);
                }
                padded = j;
                break;
            }
            int bits = (quantum[0] << 18) | (quantum[1] << 12) | (quantum[2] << 6) | quantum[3];
            int bytes = padded < 0 ? 3 : padded - 1;
            for (int k = 0; k < bytes; k++) {
                out.write((bits >> (16 - 8 * k)) & 0xff);
            }
        }
        return out.toByteArray();
    }

    private static int skipNewlines(String text, int si) {
        while (si < text.length() && (text.charAt(si) == '\n' || text.charAt(si) == '\r')) {
            si++;
        }
        return si;
    }
}
