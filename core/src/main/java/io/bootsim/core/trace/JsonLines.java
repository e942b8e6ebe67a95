package io.bootsim.core.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;

/**
 * The trace as JSON lines: {"time":...,"component":...,"type":...,<fields in given order>}.
 * The field order is part of the format, so equal runs give byte-identical files.
 */
public final class JsonLines implements TraceSink {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final Writer out;

    public JsonLines(Writer out) {
        this.out = out;
    }

    /** One event as one line, without the newline. */
    public static String format(TraceEvent event) {
        try {
            StringBuilder sb = new StringBuilder(128);
            sb.append("{\"time\":").append(MAPPER.writeValueAsString(event.time().toString()))
                    .append(",\"component\":").append(MAPPER.writeValueAsString(event.component()))
                    .append(",\"type\":").append(MAPPER.writeValueAsString(event.type()));
            for (Map.Entry<String, Object> f : event.fields().entrySet()) {
                sb.append(',').append(MAPPER.writeValueAsString(f.getKey())).append(':')
                        .append(MAPPER.writeValueAsString(f.getValue()));
            }
            return sb.append('}').toString();
        } catch (IOException e) {
            throw new UncheckedIOException("trace event " + event.type() + " cannot be written as JSON", e);
        }
    }

    @Override
    public void record(TraceEvent event) {
        try {
            out.write(format(event));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace", e);
        }
    }
}
