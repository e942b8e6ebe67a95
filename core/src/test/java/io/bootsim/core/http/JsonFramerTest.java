package io.bootsim.core.http;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonFramerTest {

    private static List<String> feedByteByByte(String stream) {
        JsonFramer framer = new JsonFramer();
        List<String> frames = new ArrayList<>();
        for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
            framer.feed(Unpooled.wrappedBuffer(new byte[] {b}))
                    .forEach(f -> frames.add(new String(f, StandardCharsets.UTF_8)));
        }
        return frames;
    }

    @Test
    void bracesAndQuotesInsideStringsDoNotEndAnObject() {
        String a = "{\"a\":\"}\\\"{\",\"b\":[{\"c\":1}]}";
        String b = "{\"d\":\"\\\\\"}";
        assertEquals(List.of(a, b), feedByteByByte(a + "\n" + b + "\r\n"));
    }

    @Test
    void severalObjectsInOneChunk() {
        JsonFramer framer = new JsonFramer();
        List<byte[]> frames = framer.feed(Unpooled.copiedBuffer("{}{\"x\":{}}\n{\"y\":", StandardCharsets.UTF_8));
        assertEquals(2, frames.size());
        assertEquals(1, framer.feed(Unpooled.copiedBuffer("2}", StandardCharsets.UTF_8)).size());
    }

    @Test
    void anObjectSplitAcrossChunksOfEitherKindIsJoinedWhole() {
        String a = "{\"metadata\":{\"name\":\"csr-1\"},\"spec\":{\"usages\":[\"client auth\"]}}";
        String b = "{\"type\":\"MODIFIED\"}";
        byte[] stream = (a + "\n" + b + "\n").getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < stream.length; cut++) {
            JsonFramer framer = new JsonFramer();
            List<String> frames = new ArrayList<>();
            // a heap buffer whose readable bytes start inside its array, after bytes that would end an
            // object if they were read, then a direct buffer
            byte[] padded = new byte[3 + cut];
            padded[0] = padded[1] = padded[2] = '}';
            System.arraycopy(stream, 0, padded, 3, cut);
            var first = Unpooled.wrappedBuffer(padded, 2, cut + 1).skipBytes(1);
            var rest = Unpooled.directBuffer(stream.length).writeBytes(stream, cut, stream.length - cut);
            framer.feed(first).forEach(f -> frames.add(new String(f, StandardCharsets.UTF_8)));
            framer.feed(rest).forEach(f -> frames.add(new String(f, StandardCharsets.UTF_8)));
            assertEquals(List.of(a, b), frames, "cut at " + cut);
        }
    }
}
