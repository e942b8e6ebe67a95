package io.bootsim.core.http;

import io.netty.buffer.ByteBuf;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a watch body into its JSON objects, as apimachinery's framer.NewJSONFramedReader does:
 * the apiserver writes one object per event, back to back (usually one per HTTP chunk, but a
 * chunk may hold several or part of one). Tracks nesting depth outside strings; whitespace
 * between objects is skipped.
 */
final class JsonFramer {

    private final ByteArrayOutputStream current = new ByteArrayOutputStream(256);
    private int depth;
    private boolean inString;
    private boolean escaped;

    /** Feeds the bytes of {@code chunk}; returns every object completed by them. */
    List<byte[]> feed(ByteBuf chunk) {
        List<byte[]> frames = new ArrayList<>(1);
        for (int i = chunk.readerIndex(); i < chunk.writerIndex(); i++) {
            byte b = chunk.getByte(i);
            if (depth == 0 && b != '{') {
                continue; // whitespace or newlines between objects
            }
            current.write(b);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
                if (depth == 0) {
                    frames.add(current.toByteArray());
                    current.reset();
                }
            }
        }
        return frames;
    }
}
