package io.bootsim.core.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

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

    /**
     * Feeds the bytes of {@code chunk}; returns every object completed by them. The bytes are scanned
     * from a plain array and copied into the current object a run at a time, not byte by byte: the
     * controller-manager frames every CSR, Node and Lease event, several KiB each, on its event loop.
     */
    List<byte[]> feed(ByteBuf chunk) {
        boolean heap = chunk.hasArray(); // else copied out once
        byte[] bytes = heap ? chunk.array() : ByteBufUtil.getBytes(chunk);
        int offset = heap ? chunk.arrayOffset() + chunk.readerIndex() : 0;
        int end = offset + chunk.readableBytes();
        List<byte[]> frames = new ArrayList<>(1);
        int run = depth > 0 ? offset : -1; // where the bytes of the object being read begin in this chunk
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (depth == 0) {
                if (b != '{') {
                    continue; // whitespace or newlines between objects
                }
                run = i;
            }
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
            } else if ((b == '}' || b == ']') && --depth == 0) {
                current.write(bytes, run, i + 1 - run);
                frames.add(current.toByteArray());
                current.reset();
                run = -1;
            }
        }
        if (run >= 0) {
            current.write(bytes, run, end - run);
        }
        return frames;
    }
}
