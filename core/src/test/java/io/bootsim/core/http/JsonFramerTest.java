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
}
